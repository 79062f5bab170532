// The attachments feature as the rest of the client sees it: what other features and the app screens may use.

export { AttachmentList } from './components/attachment-list';
export { UploadTray } from './components/upload-tray';
export { filesOf } from './files';
export { useUploads } from './hooks/use-uploads';
