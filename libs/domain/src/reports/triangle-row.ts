import { ChainRole } from '../governance/chain-role';

/** A chain with one of its role assignments valid on a period's last day (assignment fields null when it has none). */
export interface TriangleRow {
  n: number;
  chainId: string;
  name: string;
  id: string | null;
  personId: string | null;
  role: ChainRole | null;
  validFrom: string | null;
  validTo: string | null;
  /** Whether the holder is still active (null without an assignment). */
  holderActive: boolean | null;
}
