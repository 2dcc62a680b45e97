/**
 * A stand-in for a collaborator in a unit spec, made of the members the spec stubs and nothing else:
 * reading any other member throws and names it, so code that starts calling the database (or anything)
 * the spec did not plan for fails loudly instead of getting `undefined`.
 */
export function strictMock<T extends object>(name: string, stubs: Record<string, unknown> = {}): T {
  return new Proxy(stubs, {
    get(target, prop) {
      if (prop in target) return target[prop as string];
      // Probed by `await` (thenables), jest's matchers and printers: absent, not an error.
      if (typeof prop === 'symbol' || prop === 'then' || prop === 'asymmetricMatch' || prop === 'toJSON' || prop === '$$typeof')
        return undefined;
      throw new Error(`${name}.${prop} is not stubbed in this spec`);
    },
  }) as T;
}
