// The journey drawn as an SVG sequence diagram: a lane per party, a solid arrow per
// request, a dashed one per answer. Self-contained (inline attributes, no CSS classes)
// so the same element is what "Export image" saves. The calls list next to it is its
// text alternative.
import type { Ref } from 'react';
import { answerText, callText, LANES, type JourneyItem, type SequenceStep } from './journey-model.ts';

const LANE_W = 150;
const MARGIN = 16;
const HEAD_H = 30;
const TOP = 64;
const ROW_H = 30;
const CHAR_W = 6.1;

const laneX = (lane: string) => MARGIN + LANE_W * LANES.indexOf(lane as (typeof LANES)[number]) + LANE_W / 2;

/** Fits text in `chars`, keeping its end (the distinctive part of a path). */
function fit(text: string, chars: number): string {
  return text.length <= chars ? text : `…${text.slice(text.length - chars + 1)}`;
}

function answerLabel(item: JourneyItem): string {
  const decided = item.decisions?.map((d) => `${d.decision} (rule ${d.rule ?? 'none'})`).join(', ');
  return decided ? `${answerText(item)} · ${decided}` : answerText(item);
}

export function SequenceDiagram({ steps, titleId, title, svgRef }: { steps: readonly SequenceStep[]; titleId: string; title: string; svgRef?: Ref<SVGSVGElement> }) {
  const width = MARGIN * 2 + LANE_W * LANES.length;
  const height = TOP + Math.max(1, steps.length) * ROW_H + 16;
  return (
    <svg ref={svgRef} xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby={titleId} width={width} height={height} viewBox={`0 0 ${width} ${height}`} fontFamily="system-ui, sans-serif" fontSize="11">
      <title id={titleId}>{title}</title>
      <defs>
        <marker id="journey-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#343a40" />
        </marker>
      </defs>
      <rect x="0" y="0" width={width} height={height} fill="#ffffff" />
      {LANES.map((lane) => (
        <g key={lane}>
          <line x1={laneX(lane)} y1={10 + HEAD_H} x2={laneX(lane)} y2={height - 8} stroke="#adb5bd" strokeDasharray="4 4" />
          <rect x={laneX(lane) - 50} y="10" width="100" height={HEAD_H} rx="6" fill="#1b1f3b" />
          <text x={laneX(lane)} y={10 + HEAD_H / 2 + 4} textAnchor="middle" fill="#ffffff" fontSize="13" fontWeight="600">
            {lane}
          </text>
        </g>
      ))}
      {steps.map((step, i) => {
        const { item } = step;
        const y = TOP + i * ROW_H + ROW_H / 2;
        const [a, b] = step.kind === 'call' ? [item.from, item.to] : [item.to, item.replyTo];
        const x1 = laneX(a);
        const x2 = laneX(b);
        const text = step.kind === 'call' ? (item.label ? `${callText(item)} — ${item.label}` : callText(item)) : answerLabel(item);
        const failed = step.kind === 'answer' && (item.status === 0 || item.status >= 400);
        const colour = step.kind === 'call' ? '#343a40' : failed ? '#c92a2a' : '#2b8a3e';
        const chars = Math.max(22, Math.floor(Math.abs(x2 - x1) / CHAR_W));
        return (
          <g key={`${step.kind}-${item.key}`} data-step={i}>
            <title>{text}</title>
            <line x1={x1} y1={y} x2={x2 + (x2 > x1 ? -2 : 2)} y2={y} stroke={colour} strokeWidth="1.4" strokeDasharray={step.kind === 'answer' ? '5 3' : undefined} markerEnd="url(#journey-arrow)" />
            <text x={(x1 + x2) / 2} y={y - 5} textAnchor="middle" fill={colour}>
              {fit(text, chars)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
