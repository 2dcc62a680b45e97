import { Injectable } from '@nestjs/common';
import { AccessTokenService } from '../access-token/access-token.service';
import { WechatHttp } from '../wechat-http';

/**
 * `POST /wxa/business/getuserphonenumber?access_token=` {code} → phone_info (docs/domain.md §10, optional;
 * charged per call except for 政务民生 accounts). Not wired to an endpoint yet.
 */
@Injectable()
export class PhoneNumberClient {
  constructor(
    private readonly http: WechatHttp,
    private readonly tokens: AccessTokenService,
  ) {}

  async phoneNumber(code: string): Promise<{ phoneNumber: string; purePhoneNumber: string; countryCode: string }> {
    const json = await this.tokens.call((token) => this.http.post('/wxa/business/getuserphonenumber', { access_token: token }, { code }));
    const info = (json.phone_info ?? {}) as Record<string, unknown>;
    return {
      phoneNumber: String(info.phoneNumber ?? ''),
      purePhoneNumber: String(info.purePhoneNumber ?? ''),
      countryCode: String(info.countryCode ?? ''),
    };
  }
}
