import { Global, Module } from '@nestjs/common';
import { WecomClient } from './wecom.client';

/**
 * WeCom (企业微信) application messages to staff (docs/domain.md §17). One real client, pointed by
 * configuration at qyapi.weixin.qq.com or at the simulator (its own module, loaded only in simulator mode).
 */
@Global()
@Module({ providers: [WecomClient], exports: [WecomClient] })
export class WecomModule {}
