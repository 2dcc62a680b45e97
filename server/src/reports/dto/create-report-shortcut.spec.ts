import { ValidationPipe } from '@nestjs/common';
import { AppException } from '../../common/errors/app-exception';
import { createValidationPipe } from '../../common/errors/validation.pipe';
import { CreateReportDto, LatLngDto } from './create-report.dto';

const BODY = { type: 'body' as const, metatype: CreateReportDto };
const base = { kind: 'snap', categoryCode: 'exposed_garbage', location: { lat: 31.2304, lng: 121.4737 }, photoIds: [7], clientRequestId: 'r-20261207-0001' };
const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const without = (key: keyof typeof base) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));

/** Bodies the decorators accept: the shortcut must make the same DTO, without class-transformer and class-validator. */
const accepted: [string, unknown][] = [
  ['a snap report', base],
  [
    'every field given',
    {
      ...base,
      kind: 'pickup',
      description: '路口有一堆垃圾',
      afterPhotoIds: [8, 9],
      deviceLocation: { lng: 121.47, lat: 31.23 },
      locationAccuracyM: 12.5,
      source: 'hotline',
      contactName: '王先生',
      contactPhone: '13800000000',
    },
  ],
  ['optional fields null', { ...base, description: null, afterPhotoIds: null, deviceLocation: null, locationAccuracyM: null, source: null, contactName: null, contactPhone: null }],
  ['no photos (the service counts them)', { ...base, photoIds: [] }],
  ['50 photos', { ...base, photoIds: ids(50), afterPhotoIds: ids(50) }],
  ['coordinates out of range (the service refuses them)', { ...base, location: { lat: 1000, lng: -1e300 } }],
  ['texts at their limits', { ...base, categoryCode: 'c'.repeat(64), description: '字'.repeat(10_000), clientRequestId: 'r'.repeat(200), contactName: '名'.repeat(100), contactPhone: '1'.repeat(20) }],
  ['accuracy at its bounds', { ...base, locationAccuracyM: 0 }],
  ['accuracy at its upper bound', { ...base, locationAccuracyM: 100_000 }],
  ['control characters, stripped first', { ...base, description: 'a\u0000b\u202ec', contactName: '\u0007王' }],
];

/** Bodies the decorators refuse (or that the shortcut leaves to them): the same answer as before, field, code and message. */
const refused: [string, unknown][] = [
  ['null', null],
  ['an array', [base]],
  ['a string', 'snap'],
  ['an empty object', {}],
  ...(['kind', 'categoryCode', 'location', 'photoIds', 'clientRequestId'] as const).map((k): [string, unknown] => [`no ${k}`, without(k)]),
  ['another kind', { ...base, kind: 'other' }],
  ['kind null', { ...base, kind: null }],
  ['a number as category', { ...base, categoryCode: 5 }],
  ['a category of 65 characters', { ...base, categoryCode: 'c'.repeat(65) }],
  ['a number as description', { ...base, description: 5 }],
  ['a description of 10,001 characters', { ...base, description: '字'.repeat(10_001) }],
  // validator.js counts a surrogate pair as one character: the decorators accept this, the shortcut leaves it to them.
  ['a description of 5,001 emoji (10,002 UTF-16 units)', { ...base, description: '😀'.repeat(5_001) }],
  ['location null', { ...base, location: null }],
  ['location as text', { ...base, location: 'here' }],
  ['location as an array', { ...base, location: [31.23, 121.47] }],
  ['location without lng', { ...base, location: { lat: 31.23 } }],
  ['lat as text', { ...base, location: { lat: '31.23', lng: 121.47 } }],
  ['location with an extra key', { ...base, location: { lat: 31.23, lng: 121.47, alt: 3 } }],
  ['photo ids as text', { ...base, photoIds: '1,2' }],
  ['a fractional photo id', { ...base, photoIds: [1.5] }],
  ['a photo id as text', { ...base, photoIds: ['1'] }],
  ['51 photos', { ...base, photoIds: ids(51) }],
  ['photo ids null', { ...base, photoIds: null }],
  ['a fractional after-photo id', { ...base, afterPhotoIds: [2.5] }],
  ['a number as request id', { ...base, clientRequestId: 7 }],
  ['a request id of 201 characters', { ...base, clientRequestId: 'r'.repeat(201) }],
  ['device location without lng', { ...base, deviceLocation: { lat: 31.23 } }],
  ['device location as text', { ...base, deviceLocation: 'x' }],
  ['negative accuracy', { ...base, locationAccuracyM: -1 }],
  ['accuracy over the bound', { ...base, locationAccuracyM: 100_001 }],
  ['accuracy as text', { ...base, locationAccuracyM: '5' }],
  ['another source', { ...base, source: 'miniapp' }],
  ['a number as contact name', { ...base, contactName: 5 }],
  ['a contact name of 101 characters', { ...base, contactName: '名'.repeat(101) }],
  ['a contact phone of 21 digits', { ...base, contactPhone: '1'.repeat(21) }],
  ['an unknown field', { ...base, extra: 1 }],
  ['a field named like an Object method', { ...base, toString: 'x' }],
  ['a field named __proto__', JSON.parse(`{"__proto__": {"kind": "snap"}, "kind": "snap", "categoryCode": "x", "photoIds": [], "clientRequestId": "r-1", "location": {"lat": 1, "lng": 2}}`)],
];

/** The pipe's answer: the DTO it makes, or the refusal as the client reads it. */
async function answer(body: unknown, shortcut: boolean): Promise<unknown> {
  const pipe = createValidationPipe();
  const off = shortcut ? undefined : jest.spyOn(CreateReportDto, 'fromValidBody').mockReturnValue(undefined);
  try {
    // As the body parser hands it over (each run its own copy: the pipe strips control characters in place).
    return await pipe.transform(JSON.parse(JSON.stringify(body)), BODY);
  } catch (e) {
    if (!(e instanceof AppException)) throw e;
    return { refused: e.getStatus(), body: e.getResponse() };
  } finally {
    off?.mockRestore();
  }
}

describe('CreateReportDto.fromValidBody against the validation pipe', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each(accepted)('makes the DTO the pipe makes, without the pipe: %s', async (_name, body) => {
    const before = await answer(body, false);
    expect(before).toBeInstanceOf(CreateReportDto);
    const validated = jest.spyOn(ValidationPipe.prototype, 'transform');
    const now = await answer(body, true);
    expect(validated).not.toHaveBeenCalled();
    expect(now).toStrictEqual(before);
    const location = (now as CreateReportDto).location;
    expect(location).toBeInstanceOf(LatLngDto);
  });

  it.each(refused)('answers as the pipe answers: %s', async (_name, body) => {
    expect(await answer(body, true)).toStrictEqual(await answer(body, false));
  });

  it('refuses with the field, code and Chinese message the decorators give', async () => {
    expect(await answer({ ...base, location: { lat: '31.23', lng: 121.47 } }, true)).toEqual({
      refused: 400,
      body: { code: 'VALIDATION_FAILED', message: '纬度必须是数字', details: [{ field: 'location.lat', code: 'isNumber', message: '纬度必须是数字' }] },
    });
  });
});
