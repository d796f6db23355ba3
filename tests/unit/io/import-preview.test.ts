/**
 * What the import preview tells the user before anything is saved (issue 9, defect 7): the
 * levels it found (the real ones), the 年度, and the stated figures that the engine computes
 * otherwise. The preview model is the worker's: previewTable on the analysed workbook.
 */
import { describe, expect, it } from 'vitest';
import { analyseWorkbook, previewTable } from '../../../src/io/import-workbook.ts';
import { yearOfFileName } from '../../../src/io/meta-block.ts';
import { fixtureBytes } from './helpers.ts';

function previews(bytes: Uint8Array, name: string) {
  const analysed = analyseWorkbook(bytes, name);
  if (!analysed.ok) throw new Error(analysed.errors.map((e) => e.message).join('\n'));
  const a = analysed.value;
  return a.tables.map((t) => ({ table: t, built: previewTable(a, { tableId: t.id, columns: t.columns }) }));
}
const ofFixture = (name: string) => previews(fixtureBytes(name), name);
const csv = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n'));

describe('levels in the preview', () => {
  it('the 2022 自评表: 3 levels named 一级 / 二级 / 三级; the 绩效指标 cell above them is not a level', () => {
    const [p] = ofFixture('selfeval-2022.xlsx');
    expect(p!.built.preview.levelCount).toBe(3);
    expect(p!.built.preview.levelHeaders).toEqual(['一级指标', '二级指标', '三级指标']);
    expect(p!.table.columns.find((c) => c.header === '绩效指标')?.field).toBe('ignore');
    expect(p!.built.evaluation!.indicators.map((n) => n.name)).toEqual(['产出指标', '效益指标', '满意度指标']);
  });

  it('the Shanghai tables: 2 levels (一级指标 / 指标名称); 附件3: 3', () => {
    expect(ofFixture('shanghai-2019-selfeval.xlsx').map((p) => [p.built.preview.levelCount, p.built.preview.levelHeaders.join(' / ')])).toEqual(Array(4).fill([2, '一级指标 / 指标名称']));
    const [annex] = ofFixture('annex3-scoring-table.xlsx');
    expect([annex!.built.preview.levelCount, annex!.built.preview.levelHeaders]).toEqual([3, ['一级指标', '二级指标', '三级指标']]);
  });

  it('a level column left empty throughout is not listed', () => {
    const [p] = previews(csv(['一级指标,二级指标,三级指标,分值,得分', '决策 (10分),,立项依据,10,9', '合计,,,10,9']), 'empty-l2.csv');
    expect(p!.built.preview.levelHeaders).toEqual(['一级指标', '三级指标']);
    expect(p!.built.preview.levelCount).toBe(2);
  });
});

describe('年度 in the preview and the evaluation', () => {
  it('the Shanghai tables: from the file name when the sheet states none (shanghai-2019-selfeval.xlsx → 2019)', () => {
    const ps = ofFixture('shanghai-2019-selfeval.xlsx');
    expect(ps.map((p) => [p.table.meta.year, p.built.evaluation!.meta.year])).toEqual(Array(4).fill(['2019', '2019']));
  });

  it('a key/value 年度 wins over a title, a title (2019年度…) over the file name', () => {
    const kv = previews(csv(['2019年度项目支出绩效自评表', '评价年度：,2020', '一级指标,指标名称,分值,得分', '决策 (10分),立项依据,10,9', '合计,,10,9']), '2018-自评.csv');
    expect(kv[0]!.built.evaluation!.meta.year).toBe('2020');
    const title = previews(csv(['2019年度项目支出绩效自评表', '一级指标,指标名称,分值,得分', '决策 (10分),立项依据,10,9', '合计,,10,9']), '2018-自评.csv');
    expect(title[0]!.built.evaluation!.meta.year).toBe('2019');
    const file = previews(csv(['项目支出绩效自评表', '一级指标,指标名称,分值,得分', '决策 (10分),立项依据,10,9', '合计,,10,9']), '2018-自评.csv');
    expect(file[0]!.built.evaluation!.meta.year).toBe('2018');
  });

  it('a file name\'s date digits are not a year', () => {
    expect(yearOfFileName('评分表-20230915.xlsx')).toBe('');
    expect(yearOfFileName('评分表2023.xlsx')).toBe('2023');
    expect(yearOfFileName('v3.xlsx')).toBe('');
  });
});

describe('stated figures that differ, shown before importing', () => {
  it('the 2022 自评表: the 合计 first, then the leaf, as the engine finds them', () => {
    const [p] = ofFixture('selfeval-2022.xlsx');
    expect(p!.built.preview.statedDiffers.map((d) => [d.severity, d.text])).toEqual([
      ['error', '表中合计 97.13，计算得 96.63'],
      ['warning', '平均响应时间：表中得分 8.50，计算得 8.00'],
    ]);
  });

  it('the Shanghai tables: the stated 预算执行率 against the figures', () => {
    expect(ofFixture('shanghai-2019-selfeval.xlsx').map((p) => p.built.preview.statedDiffers.map((d) => d.text))).toEqual([
      ['项目资金：表中预算执行率 100.00%，计算得 99.71%'],
      ['项目资金：表中预算执行率 100.00%，计算得 99.61%'],
      ['项目资金：表中预算执行率 99.00%，计算得 99.41%'],
      ['项目资金：表中预算执行率 98.00%，计算得 97.92%'],
    ]);
  });

  it('a wrong 小计 and 合计; none when everything adds up', () => {
    const [wrong] = previews(csv([
      '一级指标,二级指标,三级指标,分值,得分',
      '决策 (10分),项目立项,立项依据,5,5',
      ',,立项程序,5,3',
      ',,小计,10,9',
      '合计,,,10,9.5',
    ]), 'wrong.csv');
    expect(wrong!.built.preview.statedDiffers.map((d) => d.text)).toEqual(['表中合计 9.50，计算得 8.00', '项目立项：表中小计 9.00，计算得 8.00']);
    const [right] = previews(csv(['一级指标,指标名称,分值,得分', '决策 (10分),立项依据,10,9', '合计,,10,9']), 'right.csv');
    expect(right!.built.preview.statedDiffers).toEqual([]);
  });
});
