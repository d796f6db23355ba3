/**
 * Grade scales (DOMAIN §6). Lower bounds are inclusive ("90（含）-100分为优秀"), so 90 is 优
 * and 89.99 is 良.
 */
import type { GradeScale } from './model.ts';

export const GRADE_SCALES: { mof: GradeScale; shanghai: GradeScale } = {
  mof: {
    id: 'mof',
    name: '财政部（优/良/中/差）',
    bands: [
      { grade: '优', min: 90 },
      { grade: '良', min: 80 },
      { grade: '中', min: 60 },
      { grade: '差', min: 0 },
    ],
  },
  shanghai: {
    id: 'shanghai',
    name: '上海市自评（优秀/良好/合格/不合格）',
    bands: [
      { grade: '优秀', min: 90 },
      { grade: '良好', min: 75 },
      { grade: '合格', min: 60 },
      { grade: '不合格', min: 0 },
    ],
  },
};

/**
 * The grade of the first band (highest `min` first, whatever order a custom scale lists them
 * in) whose lower bound the total reaches. A total below every band gets the lowest band's
 * grade; a scale without bands gives ''.
 */
export function gradeFor(total: number, scale: GradeScale): string {
  const bands = (Array.isArray(scale?.bands) ? scale.bands : []).filter((b) => b && typeof b.min === 'number' && Number.isFinite(b.min));
  if (bands.length === 0) return '';
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  for (const band of sorted) if (total >= band.min) return band.grade;
  return sorted[sorted.length - 1]?.grade ?? '';
}
