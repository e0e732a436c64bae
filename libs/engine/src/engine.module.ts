import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { TokenService } from '@app/access';
import { DbModule } from '@app/db';
import { ProcessDefinition, ProcessRegistry, loadProcessRegistry } from '@app/processes';
import { PiiCipher } from '@app/registry';
import { CaseEngine } from './case-engine';
import { JurisdictionDirectory } from './jurisdiction-directory';
import { TaskQueue } from './task-queue';
import { WorkflowClock } from './workflow-clock';
import { loadWorkingDayCalendar } from './working-days';
import { Settings } from './settings';
import { settingsFrom } from './configuration';
import { environment } from '@app/settings';

export const SETTINGS = Symbol('SETTINGS');

let extraDefinitionsForTests: ProcessDefinition[] = [];

/**
 * Tests only: definitions the next api or worker started in this process registers beside the real
 * ones (processes no production process uses yet, to test generic engine capabilities). Refused in
 * production; `[]` puts it back.
 */
export function registerTestProcesses(definitions: ProcessDefinition[]): void {
  if (definitions.length > 0 && environment().NODE_ENV === 'production') throw new Error('test-only process definitions in production');
  extraDefinitionsForTests = definitions;
}

/** The engine's parts, shared by the api and the worker. */
@Global()
@Module({
  imports: [DbModule],
  providers: [
    { provide: SETTINGS, useFactory: (config?: ConfigService) => settingsFrom(config), inject: [{ token: ConfigService, optional: true }] },
    { provide: ProcessRegistry, useFactory: () => loadProcessRegistry(environment(), extraDefinitionsForTests) },
    { provide: WorkflowClock, useFactory: (s: Settings) => new WorkflowClock(s.timeScale, loadWorkingDayCalendar()), inject: [SETTINGS] },
    { provide: PiiCipher, useFactory: (s: Settings) => new PiiCipher(s.piiKey), inject: [SETTINGS] },
    { provide: TokenService, useFactory: (s: Settings) => new TokenService(s.jwtSecret, s.jwtTtlSeconds), inject: [SETTINGS] },
    {
      provide: JurisdictionDirectory,
      useFactory: async (ds: DataSource) => {
        const dir = new JurisdictionDirectory(ds);
        await dir.load();
        return dir;
      },
      inject: [DataSource],
    },
    {
      provide: CaseEngine,
      useFactory: (ds: DataSource, reg: ProcessRegistry, clock: WorkflowClock, cipher: PiiCipher, dir: JurisdictionDirectory) =>
        new CaseEngine(ds, reg, clock, cipher, dir),
      inject: [DataSource, ProcessRegistry, WorkflowClock, PiiCipher, JurisdictionDirectory],
    },
    {
      provide: TaskQueue,
      useFactory: (ds: DataSource, reg: ProcessRegistry, dir: JurisdictionDirectory) => new TaskQueue(ds, reg, dir),
      inject: [DataSource, ProcessRegistry, JurisdictionDirectory],
    },
  ],
  exports: [SETTINGS, ProcessRegistry, WorkflowClock, PiiCipher, TokenService, JurisdictionDirectory, CaseEngine, TaskQueue],
})
export class EngineModule {}
