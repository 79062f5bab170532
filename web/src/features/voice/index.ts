// The voice feature as the rest of the client sees it: what other features and the app screens may use.

export { ParticipantVoice } from './components/participant-voice';
export { VideoStage } from './components/video-stage';
export { VoicePanel } from './components/voice-panel';
export { VoiceSettingsPanel } from './components/voice-settings-panel';
export { DoctorPage } from './doctor/doctor-page';
export { useVoice, voice } from './voice';
