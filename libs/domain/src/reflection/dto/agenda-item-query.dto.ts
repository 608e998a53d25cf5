import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { IsEnumListFilter } from '../../shared/is-enum-list-filter.validator';
import { ToBoolean } from '../../shared/to-boolean';
import { AgendaItemKind } from '../agenda-item-kind';
import { AgendaItemStatus } from '../agenda-item-status';

export class AgendaItemQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  seriesId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sessionId?: string;

  @ApiPropertyOptional({
    description: "Only items waiting in a series' backlog (true) or on a session (false)",
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  backlog?: boolean;

  @IsEnumListFilter(AgendaItemStatus)
  status?: AgendaItemStatus[];

  @IsEnumListFilter(AgendaItemKind)
  kind?: AgendaItemKind[];
}
