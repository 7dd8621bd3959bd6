/** The side panel: the selected message, else the selected node, else the cluster summary. */
import { useUi } from '../store/uiStore';
import { ClusterSummary } from './ClusterSummary';
import { MessageCard } from './MessageCard';
import { NodeInspector } from './NodeInspector';

export function Inspector() {
  useUi((s) => s.slowFrame);
  const selectedNode = useUi((s) => s.selectedNode);
  const selectedMsg = useUi((s) => s.selectedMsg);
  return (
    <aside className="inspector" aria-label="Inspector">
      {selectedMsg !== null ? <MessageCard msgId={selectedMsg} /> : selectedNode ? <NodeInspector id={selectedNode} /> : <ClusterSummary />}
    </aside>
  );
}
