import type ExcelJS from 'exceljs';

/**
 * A new Excel workbook. exceljs is loaded on the first export instead of at boot: requiring it took ~12 % of a
 * restart's CPU (profile in docs/performance.md, "First start"), and most processes never write a spreadsheet.
 */
export function newWorkbook(): ExcelJS.Workbook {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at boot (see above)
  const { Workbook } = require('exceljs') as typeof ExcelJS;
  return new Workbook();
}
