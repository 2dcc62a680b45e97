import bcrypt from 'bcryptjs';
import { BCRYPT_ROUNDS } from '../users/users.service';
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from './demo-city';

describe('the precomputed demo password hash', () => {
  it('is the demo password, at the cost every other password gets', async () => {
    expect(await bcrypt.compare(DEMO_PASSWORD, DEMO_PASSWORD_HASH)).toBe(true);
    expect(bcrypt.getRounds(DEMO_PASSWORD_HASH)).toBe(BCRYPT_ROUNDS);
  });
});
