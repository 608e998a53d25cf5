import { ApiProperty } from '@nestjs/swagger';

export class BestPracticeFiguresDto {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Best practices proposed in the quarter (createdAt).',
  })
  proposed!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Best practices endorsed in the quarter (endorsedAt).',
  })
  endorsed!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Best practices that reached status adopted in the quarter (their adoptedAt).',
  })
  adopted!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      'Adoptions by teams recorded with adoptedAt in the quarter (one best practice may be adopted many times).',
  })
  adoptions!: number;
}
