/** MapLibre's metres per CSS pixel at a latitude and zoom (512 px tiles). */
export function metresPerCssPixel(lat: number, zoom: number): number {
  return (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
}

/**
 * The scale bar of a frame: the largest round length (1, 2 or 5 × 10ⁿ metres) no longer than `maxMm` on
 * paper, given the metres per CSS pixel at the frame's centre (a CSS pixel is 25.4/96 mm on the page).
 */
export function scaleBar(metresPerPixel: number, maxMm: number): { metres: number; widthMm: number; label: string } {
  const metresPerMm = metresPerPixel / (25.4 / 96);
  const most = maxMm * metresPerMm;
  let metres = 1;
  for (let p = 10 ** Math.floor(Math.log10(most)); ; ) {
    const best = [5, 2, 1].map((k) => k * p).find((m) => m <= most);
    if (best !== undefined) {
      metres = best;
      break;
    }
    p /= 10;
  }
  const label = metres >= 1000 ? `${metres / 1000} 公里` : `${metres} 米`;
  return { metres, widthMm: metres / metresPerMm, label };
}
