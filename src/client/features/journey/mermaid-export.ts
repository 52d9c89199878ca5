// The journey as Mermaid `sequenceDiagram` text: one participant per lane, a request
// arrow and a dashed answer arrow per call, notes for decisions and tokens.
import { answerText, callText, decisionText, LANES, sequenceSteps, tokenText, type JourneyItem } from './journey-model.ts';

export function journeyToMermaid(items: readonly JourneyItem[]): string {
  const lines = ['sequenceDiagram', ...LANES.map((lane) => `  participant ${lane}`)];
  for (const step of sequenceSteps(items)) {
    const { item } = step;
    if (step.kind === 'call') {
      lines.push(`  ${item.from}->>${item.to}: ${mermaidText(item.label ? `${callText(item)} (${item.label})` : callText(item))}`);
      continue;
    }
    lines.push(`  ${item.to}-->>${item.replyTo}: ${mermaidText(answerText(item))}`);
    for (const d of item.decisions ?? []) lines.push(`  Note over ${item.to}: ${mermaidText(decisionText(d))}`);
    for (const t of item.tokens ?? []) lines.push(`  Note over ${item.replyTo}: ${mermaidText(`${t.field}: ${tokenText(t)}`)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Message text Mermaid reads literally: its entity codes for # ; < >, one line. */
export function mermaidText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[#;<>]/g, (c) => `#${c.charCodeAt(0)};`);
}
