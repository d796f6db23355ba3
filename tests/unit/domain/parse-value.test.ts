// Every target and actual DOMAIN §3 lists, plus odd forms: table-driven.
import { describe, expect, it } from 'vitest';
import { parseValue } from '../../../src/domain/index.ts';

type Q = [text: string, comparator: string, decimal: string, percent: boolean, unit: string];
const QUANTITIES: Q[] = [
  ['=100%', '=', '1', true, '%'],
  ['>=90%', '>=', '0.9', true, '%'],
  ['≥100%', '>=', '1', true, '%'],
  ['<=2秒', '<=', '2', false, '秒'],
  ['≤48小时', '<=', '48', false, '小时'],
  ['≤15个工作日', '<=', '15', false, '个工作日'],
  ['>=500家', '>=', '500', false, '家'],
  ['>=1200个', '>=', '1200', false, '个'],
  ['>=2000屏', '>=', '2000', false, '屏'],
  ['>=50场次', '>=', '50', false, '场次'],
  ['>=20部', '>=', '20', false, '部'],
  ['>=2份', '>=', '2', false, '份'],
  ['=365天', '=', '365', false, '天'],
  ['=3', '=', '3', false, ''],
  ['0起', '<=', '0', false, '起'],
  ['=0次', '<=', '0', false, '次'],
  ['>= 8760 小时', '>=', '8760', false, '小时'],
  ['>= 500 条', '>=', '500', false, '条'],
  ['95%以上', '>=', '0.95', true, '%'],
  ['<=100%', '<=', '1', true, '%'],
  // actuals
  ['485家', '=', '485', false, '家'],
  ['=95%', '=', '0.95', true, '%'],
  ['1.39秒', '=', '1.39', false, '秒'],
  ['1起', '=', '1', false, '起'],
  // odd forms
  ['＞＝９０％', '>=', '0.9', true, '%'],
  ['≥ 95 %', '>=', '0.95', true, '%'],
  ['＜5次', '<', '5', false, '次'],
  ['>3', '>', '3', false, ''],
  ['2,050,000', '=', '2050000', false, ''],
  ['2,055,983.00元', '=', '2055983', false, '元'],
  ['不低于95%', '>=', '0.95', true, '%'],
  ['不超过255.6万元', '<=', '255.6', false, '万元'],
  ['500家以上', '>=', '500', false, '家'],
  ['3天以内', '<=', '3', false, '天'],
  ['10%以下', '<=', '0.1', true, '%'],
  ['200平方米', '=', '200', false, '平方米'],
  ['12套', '=', '12', false, '套'],
  ['38种', '=', '38', false, '种'],
  ['100人次', '=', '100', false, '人次'],
  ['76.57%', '=', '0.7657', true, '%'],
  ['100.00%', '=', '1', true, '%'],
  ['  12 套 ', '=', '12', false, '套'],
];

const QUALITATIVE = ['按时完成', '及时', '稳定', '增长', '合格', '未发生', '投入使用', '不超预算', '显著提升', '有效提高',
  '安全、有序运行', '可持续', '非常有信心', '2021年12月底前完成', '3个月内完成'];

describe('parseValue', () => {
  it.each(QUANTITIES)('%s → %s %s', (text, comparator, decimal, percent, unit) => {
    const v = parseValue(text);
    expect(v.kind).toBe('quantity');
    if (v.kind !== 'quantity') return;
    expect({ comparator: v.comparator, decimal: v.decimal, percent: v.percent, unit: v.unit }).toEqual({ comparator, decimal, percent, unit });
    expect(v.value).toBe(Number(decimal));
    expect(v.text).toBe(text.trim());
  });

  it.each(QUALITATIVE)('%s is qualitative', (text) => {
    expect(parseValue(text)).toEqual({ kind: 'qualitative', text });
  });

  it.each(['>=abc%', '≤', '< 两天', '>=95%%', '≥9 5 a b c d'])('%s is invalid with a Chinese reason, not a throw', (text) => {
    const v = parseValue(text);
    expect(v.kind).toBe('invalid');
    if (v.kind === 'invalid') expect(v.reason).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each([null, undefined, '', '   ', '-', '—'])('%s is empty', (text) => {
    expect(parseValue(text as string | null | undefined)).toEqual({ kind: 'empty' });
  });

  it('percents are exact decimals (no 0.7657000000001)', () => {
    const v = parseValue('85.20%');
    expect(v.kind === 'quantity' && v.decimal).toBe('0.852');
    const w = parseValue('0.07%');
    expect(w.kind === 'quantity' && w.value).toBe(0.0007);
  });
});
