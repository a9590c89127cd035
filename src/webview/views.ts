// The panel's views, in the order of their tabs: a new view is its file and one line here.
import { callsView } from './calls/calls-view';
import { modelView } from './model/model-view';
import { pipelineView } from './pipeline/pipeline-view';
import { postmortemView } from './postmortem/postmortem-view';
import { shapesView } from './shapes/shapes-view';
import { trainingView } from './training/training-view';
import type { PanelView } from './view';

export const VIEWS: readonly PanelView[] = [
  callsView,
  trainingView,
  pipelineView,
  modelView,
  shapesView,
  postmortemView,
];
