import { Inbox } from '../components/Inbox';

export function InboxPage() {
  return <Inbox />;
}
