// VOICE-1: the one way into a room's voice by navigation. Entering a group room from the room list, and
// a call, open the room with this state; every other way to a room (a notification, a mention, a
// search result, a link, a reload) shows its chat only, and the microphone stays off.

const JOIN_VOICE = { joinVoice: true } as const;

/** Navigation options that open a room and join its voice. */
export const joiningVoice = { state: JOIN_VOICE } as const;

/** Whether the navigation that showed a page asked to join the room's voice. */
export const asksToJoinVoice = (state: unknown): boolean =>
  typeof state === 'object' && state !== null && (state as { joinVoice?: unknown }).joinVoice === true;
