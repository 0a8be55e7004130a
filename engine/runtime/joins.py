"""The parallel join used by compiled flows.

viewflow's Join looks up its waiting task by query; the task it finds then
loads its process twice (`task.process`, then `.coerced`), and whatever
follows the join (the decision, the End that finishes the case) works on
that third copy of the case. Handing the join task the process of the
activation that arrives saves the two reads and keeps one Case object per
transition, so the services see the End's status change without reading
the case again. The answers of the join's checks are kept for the
activation (see below). `create` follows viewflow's JoinActivation.create (2.4); everything else
is viewflow's."""

from viewflow.workflow import nodes
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes.join import JoinActivation
from viewflow.workflow.status import STATUS


class CaseJoinActivation(JoinActivation):
    # viewflow asks is_done() twice per arrival (to decide, then as the
    # transition's condition) and reads the incoming tokens a third time in
    # complete(); within one activation, under the case lock, the answers
    # cannot change, so each is read once.
    _prefixes = None
    _done = None

    def _join_token_prefixes(self):
        if self._prefixes is None:
            self._prefixes = super()._join_token_prefixes()
        return self._prefixes

    def is_done(self):
        if self._done is None:
            self._done = super().is_done()
        return self._done

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        task_class = flow_task.flow_class.task_class
        tasks = list(
            task_class._default_manager.filter(
                flow_task=flow_task,
                process=prev_activation.process,
                status__in=[STATUS.NEW, STATUS.STARTED],
            )[:2]
        )
        if len(tasks) > 1:
            raise FlowRuntimeError("More than one join instance for process found")
        if tasks:
            task = tasks[0]
        else:
            # The first branch to arrive creates the join task, as viewflow does.
            if token.is_split_token():
                token = token.get_base_split_token()
            task = task_class(process=prev_activation.process, flow_task=flow_task, token=token)
            task.data = data if data is not None else {}
            task.seed = seed
            task.save()
        task.process = prev_activation.process
        task.previous.add(prev_activation.task)
        return cls(task)


class CaseJoin(nodes.Join):
    activation_class = CaseJoinActivation
