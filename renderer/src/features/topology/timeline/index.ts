export { CapacityDetails } from './CapacityDetails';
export { EniTimelineSection, EniTimelineView } from './EniTimelineSection';
export { useEniTimeline } from './useEniTimeline';
