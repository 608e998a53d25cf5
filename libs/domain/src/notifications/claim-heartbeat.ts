import { DataSource } from 'typeorm';
import { Clock } from '../shared/clock';

/**
 * Keeps a delivery's claim on its row while the delivery runs. The claim is short, so the message
 * of a worker killed mid-delivery goes again soon (an agenda well before its session); a send that
 * takes longer renews it every quarter of its length, so it is not taken over meanwhile. A renewal
 * extends only this delivery's own claim (the attempt it counted, the expiry it set last) of a row
 * still waiting to be sent: never one another worker claimed after the claim lapsed, nor one
 * cancelled, sent or failed meanwhile (they clear or keep their claim as they are).
 */
export class ClaimHeartbeat {
  private readonly timer: NodeJS.Timeout;
  private renewing?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly claimMs: number,
    private readonly claim: { id: string; attempts: number; until: Date },
  ) {
    this.timer = setInterval(() => this.beat(), Math.max(1, Math.floor(claimMs / 4)));
    this.timer.unref();
  }

  /** Stops renewing; a renewal under way finishes first, so none runs after the delivery. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.renewing;
  }

  private beat(): void {
    // A slow database: one renewal at a time (the next beat tries again while the claim holds).
    if (this.renewing) return;
    this.renewing = this.renew().finally(() => (this.renewing = undefined));
  }

  private async renew(): Promise<void> {
    const until = new Date(this.clock.now().getTime() + this.claimMs);
    try {
      const [, renewed]: [unknown[], number] = await this.dataSource.query(
        `UPDATE notifications SET claimed_until = $3
         WHERE id = $1 AND attempts = $4 AND claimed_until = $2 AND status IN ('pending', 'queued')`,
        [this.claim.id, this.claim.until, until, this.claim.attempts],
      );
      if (renewed === 0) clearInterval(this.timer);
      else this.claim.until = until;
    } catch {
      // Tried again at the next beat; the claim still holds for three more.
    }
  }
}
