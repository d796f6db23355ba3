/** The adjustments as provincial self-evaluation rules phrase them (DOMAIN.md §4). */
import type { Adjustment } from '../domain/index.ts';

export function newAdjustment(kind: Adjustment['kind']): Adjustment {
  const id = crypto.randomUUID();
  if (kind === 'execution-cap') {
    return {
      id,
      kind,
      name: '预算执行率封顶',
      enabled: true,
      rate: null,
      caps: [
        { below: 0.5, cap: 59 },
        { below: 0.6, cap: 69 },
        { below: 0.7, cap: 79 },
        { below: 0.8, cap: 89 },
      ],
    };
  }
  return { id, kind, name: '完成值远超目标扣分（目标设置偏低）', enabled: true, threshold: 0.3, points: 1 };
}
