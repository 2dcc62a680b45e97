import { Module } from '@nestjs/common';
import { WecomSimulatorController } from './wecom-simulator.controller';
import { WecomSimulatorState } from './wecom-simulator.state';

/**
 * The simulated WeCom at /sim/wecom. AppModule loads it only when WECOM_MODE=simulator (buildConfig refuses that in
 * production); nothing else imports from this folder: production code talks to WecomClient only. No tables.
 */
@Module({ controllers: [WecomSimulatorController], providers: [WecomSimulatorState], exports: [WecomSimulatorState] })
export class WecomSimulatorModule {}
