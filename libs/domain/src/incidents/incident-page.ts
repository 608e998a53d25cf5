import { Page } from '../shared/page';
import { IncidentDto } from './dto/incident.dto';

/** A page of incidents. Totals are counted up to a cap: `totalCapped` says there are at least `total`. */
export interface IncidentPage extends Page<IncidentDto> {
  totalCapped: boolean;
}
