import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActionsModule } from '../actions/actions.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { ReflectionModule } from '../reflection/reflection.module';
import { ApiTokenEntity } from './api-token.entity';
import { ApiTokensService } from './api-tokens.service';
import { ChainEntity } from './chain.entity';
import { ChainsService } from './chains.service';
import { OrganisationEntity } from './organisation.entity';
import { OrganisationsService } from './organisations.service';
import { PeopleService } from './people.service';
import { PersonMessages } from './person-messages.service';
import { PersonEntity } from './person.entity';
import { RoleAssignmentEntity } from './role-assignment.entity';
import { RoleAssignmentsService } from './role-assignments.service';
import { SystemAdminService } from './system-admin.service';
import { TeamEntity } from './team.entity';
import { TeamsService } from './teams.service';

const services = [
  OrganisationsService,
  TeamsService,
  PeopleService,
  ApiTokensService,
  ChainsService,
  RoleAssignmentsService,
  SystemAdminService,
  PersonMessages,
];

@Module({
  imports: [
    // What is planned for a person (action and session reminders) follows them.
    ActionsModule,
    ReflectionModule,
    // A reporter's recurrence flags follow what their roles let them see.
    IncidentsModule,
    TypeOrmModule.forFeature([
      OrganisationEntity,
      TeamEntity,
      PersonEntity,
      ApiTokenEntity,
      ChainEntity,
      RoleAssignmentEntity,
    ]),
  ],
  providers: services,
  exports: services,
})
export class GovernanceModule {}
