export * from './attachment-kinds';
export * from './attachment-settings';
export * from './attachment-store';
export * from './s3-attachment-store';
export * from './case-attachments';
export * from './file-checks';
export * from './attachments.schema';
