export * from './attachment-kinds';
export * from './attachment-store';
export * from './case-attachments';
export * from './file-checks';
export * from './attachments.schema';
