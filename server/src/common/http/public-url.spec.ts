import { isPublicHttpUrl } from './public-url';

describe('isPublicHttpUrl', () => {
  it.each(['https://example.org/a.jpg', 'http://img.city.gov.cn:8080/x.png', 'https://8.8.8.8/p.jpg', 'https://[2606:4700::1111]/p.jpg'])(
    'accepts %s',
    (url) => expect(isPublicHttpUrl(url)).toBe(true),
  );

  it.each([
    'http://127.0.0.1/a.jpg',
    'http://127.1/a.jpg',
    'http://2130706433/a.jpg',
    'http://localhost:3000/a.jpg',
    'http://app.localhost/a.jpg',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.5/a.jpg',
    'http://192.168.1.1/a.jpg',
    'http://172.16.3.4/a.jpg',
    'http://[::1]/a.jpg',
    'http://[fe80::1]/a.jpg',
    'http://[::ffff:127.0.0.1]/a.jpg',
    'http://0.0.0.0/a.jpg',
    'http://intranet/a.jpg',
    'http://printer.local/a.jpg',
    'https://user:pw@example.org/a.jpg',
    'ftp://example.org/a.jpg',
    'javascript:alert(1)',
    'not a url',
  ])('refuses %s', (url) => expect(isPublicHttpUrl(url)).toBe(false));
});
