import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../access/principal';
import { ConfidentialityFilter } from '../incidents/confidentiality-filter';
import { SqlCondition } from '../incidents/sql-condition';
import { AgendaItemKind } from './agenda-item-kind';
import { AGENDA_ITEM_REFERENCES } from './agenda-item-references';
import { AgendaItemDto } from './dto/agenda-item.dto';

/**
 * What a reader of agenda items learns of what they refer to. Every member reads agendas, and the
 * title of a confidential incident, lesson or action is masked for all of them (see
 * AgendaItemsService); its id is given only to who may see it. To others it named something a
 * fetch denies (404): it told that the item exists, and which one.
 */
@Injectable()
export class AgendaReferenceMask {
  constructor(private readonly confidentiality: ConfidentialityFilter) {}

  async apply(m: EntityManager, actor: Principal, items: AgendaItemDto[]): Promise<AgendaItemDto[]> {
    if (this.confidentiality.seesAllConfidential(actor)) return items;
    // The kinds that can be confidential, each with the rule of who sees it.
    const rules: [
      AgendaItemKind.Incident | AgendaItemKind.Lesson | AgendaItemKind.ActionReview,
      () => SqlCondition,
    ][] = [
      [AgendaItemKind.Incident, () => this.confidentiality.incidents(actor, 'x')],
      [AgendaItemKind.Lesson, () => this.confidentiality.lessons(actor, 'x')],
      [AgendaItemKind.ActionReview, () => this.confidentiality.actions(actor, 'x')],
    ];
    const hidden = new Set<string>();
    for (const [kind, rule] of rules) {
      const ids = items.filter((i) => i.kind === kind && i.referenceId).map((i) => i.referenceId as string);
      if (ids.length === 0) continue;
      const visible = rule();
      const rows: { id: string }[] = await m
        .createQueryBuilder()
        .select('x.id', 'id')
        .from(AGENDA_ITEM_REFERENCES[kind].table, 'x')
        .where('x.id IN (:...ids)', { ids })
        .andWhere(`NOT ${visible.sql}`, visible.parameters)
        .getRawMany();
      for (const { id } of rows) hidden.add(id);
    }
    if (hidden.size === 0) return items;
    return items.map((i) => (i.referenceId && hidden.has(i.referenceId) ? { ...i, referenceId: null } : i));
  }
}
