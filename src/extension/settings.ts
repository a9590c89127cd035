// The trainspect.* settings (contributed in package.json), read for the file being run.
import * as vscode from 'vscode';
import type { PreviewLimits } from '../protocol/preview';
import { DEFAULT_MAX_TRACE_BYTES, DEFAULT_POSTMORTEM_BOUNDS, type RuntimeConfig } from '../protocol/runtime-config';

export interface TrainspectSettings {
  maxCalls: number;
  keepRunning: boolean;
  nodePath: string | undefined;
  codeLensEnabled: boolean;
  /** Which callables get CodeLenses: those a user would trace (`pipeline`), or every one. */
  codeLensCallables: 'pipeline' | 'all';
  /** "Run with Introspection" above fit/fitDataset calls. */
  codeLensFitCalls: boolean;
  previewLimits: Partial<PreviewLimits>;
  maxTraceBytes: number;
  /** The post-mortem recorder's bounds, or false: trainspect.postmortem.enabled off. */
  postmortem: NonNullable<RuntimeConfig['postmortem']>;
  /** trainspect.shapes: whose calls' tensor shapes are recorded (RuntimeConfig.shapes). */
  shapes: NonNullable<RuntimeConfig['shapes']>;
}

/** "compiled" (TypeScript, and plain JavaScript's TF.js ops and layers), "all" (every call of plain JavaScript too) or "off", as RuntimeConfig.shapes says it. */
const shapesOf = (setting: string | undefined): NonNullable<RuntimeConfig['shapes']> => (setting === 'all' ? 'all' : setting === 'off' ? false : true);

export function readSettings(scope?: vscode.Uri): TrainspectSettings {
  const config = vscode.workspace.getConfiguration('trainspect', scope);
  const nodePath = config.get<string>('nodePath', '').trim();
  return {
    maxCalls: config.get<number>('maxCalls', 3),
    keepRunning: config.get<boolean>('keepRunning', false),
    nodePath: nodePath || undefined,
    codeLensEnabled: config.get<boolean>('codeLens.enabled', true),
    codeLensCallables: config.get<string>('codeLens.callables', 'pipeline') === 'all' ? 'all' : 'pipeline',
    codeLensFitCalls: config.get<boolean>('codeLens.fitCalls', true),
    previewLimits: { maxItems: config.get<number>('preview.maxItems', 10), maxDepth: config.get<number>('preview.maxDepth', 3) },
    maxTraceBytes: config.get<number>('trace.maxBytes', DEFAULT_MAX_TRACE_BYTES),
    postmortem: config.get<boolean>('postmortem.enabled', true) && {
      maxFrames: config.get<number>('postmortem.maxFrames', DEFAULT_POSTMORTEM_BOUNDS.maxFrames),
      maxProperties: config.get<number>('postmortem.maxProperties', DEFAULT_POSTMORTEM_BOUNDS.maxProperties),
    },
    shapes: shapesOf(config.get<string>('shapes', 'compiled')),
  };
}
