import { PublicAttention } from '../../incidents/public-attention';
import { enumCountsDto } from './enum-counts.dto';

/** A count per level of public attention (one schema, however many figures use it). */
export const PublicAttentionCounts = enumCountsDto('PublicAttentionCounts', Object.values(PublicAttention));
