import { ApiProperty } from '@nestjs/swagger';
import { AccessRole } from '../../access/access-role';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { Locale } from '../locale';
import { PersonEntity } from '../person.entity';

export class PersonDto extends ResourceDto {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null only for the system administrator',
  })
  organisationId!: string | null;
  @ApiProperty({ example: 'Fatima el Amrani' }) name!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ enum: AccessRole }) accessRole!: AccessRole;
  @ApiProperty({ enum: Locale }) locale!: Locale;
  @ApiProperty() systemAdmin!: boolean;
  @ApiProperty({
    description:
      'False for someone who left: their tokens stop working, they get no messages and no new work',
  })
  active!: boolean;
  @ApiProperty({ type: [String], format: 'uuid' }) teamIds!: string[];
  @ApiProperty({
    format: 'uri',
    nullable: true,
    type: String,
    description:
      "Secret iCalendar subscription URL of the sessions this person takes part in; shown only to the person and their organisation's admins",
  })
  calendarFeedUrl!: string | null;

  static from(this: void, e: PersonEntity): PersonDto {
    return {
      id: e.id,
      organisationId: e.organisationId,
      name: e.name,
      email: e.email,
      accessRole: e.accessRole,
      locale: e.locale,
      systemAdmin: e.systemAdmin,
      active: e.active,
      teamIds: (e.teams ?? []).map((team) => team.id).sort(),
      calendarFeedUrl: null,
      ...resourceStamps(e),
    };
  }
}
