import ExcelJS from 'exceljs';
import type request from 'supertest';

/** supertest's `.parse` for a binary answer (a spreadsheet, a photo): the body as one Buffer. */
export function binaryBody(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** Downloads an .xlsx answer (expecting 200) and opens it. */
export async function downloadWorkbook(req: request.Test): Promise<{ res: request.Response; wb: ExcelJS.Workbook }> {
  const res = await req.buffer(true).parse(binaryBody).expect(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
  return { res, wb };
}
