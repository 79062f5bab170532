import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';

// Component tests render translated text; the node-environment tests (socket, REST) have no DOM.
if (typeof document !== 'undefined') await import('@/lib/i18n');

afterEach(() => cleanup());
