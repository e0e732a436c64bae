import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/access';
import { CaseEngine } from '@app/engine';
import { Caller } from '../auth/public.decorator';
import { RequireSetters } from '../auth/roles.guard';

/**
 * Local numbers a process keeps per jurisdiction node (ProcessDefinition.jurisdictionSettings, e.g.
 * a county's 低保 line): read for the caller's nodes, changed at one node by its declared roles or an
 * admin above it. A change is audited and sends the declared event to the node's cases.
 */
@ApiTags('settings')
@ApiBearerAuth()
@Controller('processes/:processKey/settings/:name')
export class JurisdictionSettingsController {
  constructor(private readonly engine: CaseEngine) {}

  @Get()
  @RequireSetters()
  list(@Caller() p: Principal, @Param('processKey') processKey: string, @Param('name') name: string) {
    return this.engine.readSettings(p, processKey, name).then((items) => ({ items }));
  }

  @Put(':jurisdictionCode')
  @RequireSetters()
  change(@Caller() p: Principal, @Param('processKey') processKey: string, @Param('name') name: string, @Param('jurisdictionCode') code: string, @Body() body: unknown) {
    return this.engine.changeSetting(p, processKey, name, code, body);
  }
}
