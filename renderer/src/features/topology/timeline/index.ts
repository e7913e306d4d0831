export { EniTimelineSection, EniTimelineView } from './EniTimelineSection';
export { useEniTimeline } from './useEniTimeline';
