import { MigrationInterface, QueryRunner } from 'typeorm';

const FUNCTION = (message: string, hint: string) => `
  CREATE OR REPLACE FUNCTION leerlus_require_read_committed(hides boolean) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    IF hides AND current_setting('transaction_isolation') <> 'read committed' THEN
      RAISE EXCEPTION '${message}'
        USING ERRCODE = 'feature_not_supported',
              HINT = '${hint}';
    END IF;
  END $$`;

/**
 * The check that a write hiding rows behind a confidential source runs under read committed
 * (migrations 1764560000000 and 1764620000000) spoke of lessons only, while the actions' flag uses
 * it too: a refused change of an action's source read "hiding an incident's lessons".
 */
export class ReadCommittedMessage1764670000000 implements MigrationInterface {
  name = 'ReadCommittedMessage1764670000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      FUNCTION(
        'hiding the lessons and actions of a confidential source needs read committed isolation',
        'a stricter snapshot would miss lessons or actions added meanwhile, and leave them shown',
      ),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      FUNCTION(
        "hiding an incident''s lessons needs read committed isolation",
        'a stricter snapshot would miss lessons drawn meanwhile, and leave them shown',
      ),
    );
  }
}
