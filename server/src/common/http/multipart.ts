import type { FastifyRequest } from 'fastify';

/** One uploaded file, held in memory (what the handlers read; the shape multer gave them). */
export interface UploadedPart {
  fieldname: string;
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export interface MultipartLimits {
  fileSize: number;
  files: number;
  fields: number;
  fieldSize: number;
  parts: number;
}

/** Why a multipart body was refused, in multer's codes (the upload interceptors map them to ours). */
export type MultipartProblem =
  | 'LIMIT_FILE_SIZE'
  | 'LIMIT_FILE_COUNT'
  | 'LIMIT_UNEXPECTED_FILE'
  | 'LIMIT_FIELD_COUNT'
  | 'LIMIT_PART_COUNT'
  | 'LIMIT_FIELD_VALUE'
  | 'MALFORMED';

export class MultipartError extends Error {
  constructor(readonly code: MultipartProblem) {
    super(`multipart body refused: ${code}`);
  }
}

const FASTIFY_CODES: Record<string, MultipartProblem> = {
  FST_REQ_FILE_TOO_LARGE: 'LIMIT_FILE_SIZE',
  FST_FILES_LIMIT: 'LIMIT_FILE_COUNT',
  FST_FIELDS_LIMIT: 'LIMIT_FIELD_COUNT',
  FST_PARTS_LIMIT: 'LIMIT_PART_COUNT',
};

/**
 * Reads a multipart body with one file in `field` (multer's `single(field)`): the file on `request.file`, the other
 * fields as strings on `request.body`. A request that is not multipart passes with neither. Over a limit, a file in
 * another field, a second file or a broken body: MultipartError, after the rest of the body is drained, so the client
 * reads the answer instead of a reset.
 */
export async function readSingleFile(request: FastifyRequest, field: string, limits: MultipartLimits): Promise<void> {
  // Where Nest's @UploadedFile() reads the file: over @fastify/multipart's own `file()` method, for this request.
  const target = request as unknown as { file?: UploadedPart };
  target.file = undefined;
  if (!request.isMultipart()) return;
  const fields: Record<string, string> = {};
  let file: UploadedPart | undefined;
  try {
    for await (const part of request.parts({ limits })) {
      if (part.type === 'file') {
        if (part.fieldname !== field || file) throw new MultipartError(file ? 'LIMIT_FILE_COUNT' : 'LIMIT_UNEXPECTED_FILE');
        const buffer = await part.toBuffer();
        file = { fieldname: part.fieldname, originalname: part.filename, mimetype: part.mimetype, size: buffer.length, buffer };
      } else {
        if (part.valueTruncated) throw new MultipartError('LIMIT_FIELD_VALUE');
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    request.raw.resume();
    if (err instanceof MultipartError) throw err;
    throw new MultipartError(FASTIFY_CODES[(err as { code?: string }).code ?? ''] ?? 'MALFORMED');
  }
  request.body = fields;
  target.file = file;
}
