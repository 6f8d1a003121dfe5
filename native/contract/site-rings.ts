/**
 * A circle area centred on a site is one of the site's rings (辐射区 makes them exactly there): the site
 * layer lists it with its band counts and does not draw it again, and the print legend does not list it
 * a second time among the target areas. 10 m covers a hand-placed centre and coordinate rounding.
 */
export const RING_CENTRE_TOLERANCE_M = 10;

export function centredOnSite(centre: { lng: number; lat: number }, site: { lng: number; lat: number }): boolean {
  const dx = (centre.lng - site.lng) * 111_320 * Math.cos((site.lat * Math.PI) / 180);
  const dy = (centre.lat - site.lat) * 110_540;
  return Math.hypot(dx, dy) <= RING_CENTRE_TOLERANCE_M;
}
