/** Excel's own grid: column XFD and row 1,048,576. A reference beyond is damage, and must size nothing. */
export const MAX_COLUMNS = 16_384;
export const MAX_ROWS = 1_048_576;
/** Excel's longest cell text (and shared string). */
export const MAX_CELL_CHARS = 32_767;
