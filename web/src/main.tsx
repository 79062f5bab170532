import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/lib/i18n';
import './index.css';
import { App } from '@/app/app';
import { addEmojiFont } from '@/lib/emoji-font';

addEmojiFont();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
