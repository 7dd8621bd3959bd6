import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng';
import { Network, deepClone, entriesWithTerms } from './network.testkit';
import { RawNode } from './rawnode';
import { DEFAULT_RAFT_CONFIG, Message, RaftConfig, RaftStorageState, newMessage } from './types';

const ids3 = ['n1', 'n2', 'n3'];
const ids5 = ['n1', 'n2', 'n3', 'n4', 'n5'];

function soloNode(id: string, voters: string[], cfg: Partial<RaftConfig> = {}, st: Partial<RaftStorageState> = {}) {
  return new RawNode(
    { ...DEFAULT_RAFT_CONFIG, ...cfg, id },
    {
      hardState: st.hardState ?? { term: 0, vote: null, commit: 0 },
      conf: st.conf ?? { voters, learners: [] },
      snapshot: st.snapshot ?? null,
      entries: st.entries ?? [],
    },
    new Rng(7, id),
  );
}

function vote(type: 'MsgVote' | 'MsgPreVote', from: string, to: string, term: number, index = 0, logTerm = 0): Message {
  const m = newMessage(type, from, to, term);
  m.index = index;
  m.logTerm = logTerm;
  return m;
}

function drain(n: RawNode): Message[] {
  const out: Message[] = [];
  while (n.hasReady()) {
    out.push(...n.ready().messages);
    n.advance();
  }
  return out;
}

describe('elections (§5.2)', () => {
  it('a candidate with a majority of votes becomes leader at term + 1', () => {
    const net = new Network(ids3, { config: { preVote: false } });
    net.campaign('n1');
    const s1 = net.node('n1').status();
    expect(s1.role).toBe('leader');
    expect(s1.term).toBe(1);
    for (const id of ['n2', 'n3']) {
      const s = net.node(id).status();
      expect(s.role).toBe('follower');
      expect(s.lead).toBe('n1');
      expect(s.vote).toBe('n1');
      expect(s.term).toBe(1);
    }
    // The new leader's empty entry is committed everywhere (§8).
    expect(net.applied.get('n3')!.map((e) => [e.index, e.term, e.data])).toEqual([[1, 1, '']]);
  });

  it('grants at most one vote per term, and persists the vote before replying', () => {
    const n = soloNode('n2', ids3, { preVote: false });
    n.step(vote('MsgVote', 'n1', 'n2', 1));
    const rd = n.ready();
    expect(rd.hardState).toEqual({ term: 1, vote: 'n1', commit: 0 });
    expect(rd.mustSync).toBe(true);
    expect(rd.messages.map((m) => [m.type, m.to, m.reject, m.term])).toEqual([['MsgVoteResp', 'n1', false, 1]]);
    n.advance();
    n.step(vote('MsgVote', 'n3', 'n2', 1));
    expect(drain(n).map((m) => [m.type, m.to, m.reject])).toEqual([['MsgVoteResp', 'n3', true]]);
    // A repeated request from the same candidate is granted again (idempotent).
    n.step(vote('MsgVote', 'n1', 'n2', 1));
    expect(drain(n).map((m) => m.reject)).toEqual([false]);
    expect(n.status().vote).toBe('n1');
  });

  it('never elects two leaders in one term under random partitions', () => {
    const net = new Network(ids5, { seed: 11 });
    const chaos = new Rng(99, 'chaos');
    const leaderOfTerm = new Map<number, string>();
    for (let round = 0; round < 600; round++) {
      if (round % 25 === 0) {
        net.heal();
        const victims = chaos.int(0, 3);
        for (let i = 0; i < victims; i++) net.isolate(chaos.pick(ids5));
      }
      net.tickAll();
      for (const id of net.leaders()) {
        const term = net.node(id).status().term;
        const prev = leaderOfTerm.get(term);
        if (prev !== undefined) expect(prev).toBe(id);
        leaderOfTerm.set(term, id);
      }
    }
    expect(leaderOfTerm.size).toBeGreaterThan(2); // the partitions did force new elections
  });

  it('draws the election timeout in [electionTick, 2 * electionTick) on every reset', () => {
    const n = soloNode('n1', ids3);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      n.raft.becomeFollower(i + 1, null);
      const t = n.status().randomizedElectionTimeout;
      expect(t).toBeGreaterThanOrEqual(10);
      expect(t).toBeLessThan(20);
      seen.add(t);
    }
    expect(seen.size).toBeGreaterThan(5);
  });

  it('a single-node cluster elects itself and commits on its own', () => {
    const net = new Network(['n1']);
    net.tickAll(20);
    expect(net.node('n1').status().role).toBe('leader');
    expect(net.propose('n1', 'x')).toBe(true);
    expect(net.appliedData('n1')).toEqual(['x']);
  });
});

describe('voting restriction (§5.4.1)', () => {
  const storage = {
    n1: { hardState: { term: 1, vote: null, commit: 2 }, entries: entriesWithTerms([1, 1]) },
    n2: { hardState: { term: 1, vote: null, commit: 3 }, entries: entriesWithTerms([1, 1, 1]) },
    n3: { hardState: { term: 1, vote: null, commit: 3 }, entries: entriesWithTerms([1, 1, 1]) },
  };

  it('a candidate with a shorter log is refused; an up-to-date one wins', () => {
    const net = new Network(ids3, { config: { preVote: false }, storage });
    net.campaign('n1');
    expect(net.node('n1').status().role).not.toBe('leader');
    const refusals = net.delivered.filter((m) => m.type === 'MsgVoteResp' && m.to === 'n1');
    expect(refusals.map((m) => m.reject)).toEqual([true, true]);
    net.campaign('n2');
    expect(net.node('n2').status().role).toBe('leader');
  });

  it("bug vote-without-log-check: the stale node wins and committed entries diverge", () => {
    const net = new Network(ids3, {
      config: { preVote: true, checkQuorum: false, bugs: ['vote-without-log-check'] },
      storage,
    });
    net.campaign('n1');
    expect(net.node('n1').status().role).toBe('leader');
    // n1 committed its own entry 3 (term 2) while n2 had already applied a different entry 3.
    const at3 = (id: string) => net.applied.get(id)!.find((e) => e.index === 3)!;
    expect(at3('n1').term).toBe(2);
    expect(at3('n2').term).toBe(1);
  });
});

describe('log replication (§5.3)', () => {
  it('commits after a majority and tells followers via MsgApp; heartbeats carry min(commit, match)', () => {
    const net = new Network(ids3, { config: { preVote: false } });
    net.campaign('n1');
    net.isolate('n3');
    expect(net.propose('n1', 'a')).toBe(true);
    expect(net.propose('n1', 'b')).toBe(true);
    expect(net.node('n1').status().commit).toBe(3);
    expect(net.node('n2').status().commit).toBe(3);
    expect(net.node('n3').status().commit).toBe(1);
    net.heal();
    const before = net.delivered.length;
    net.tick('n1'); // heartbeat round
    const hb = net.delivered.slice(before).find((m) => m.type === 'MsgHeartbeat' && m.to === 'n3')!;
    expect(hb.commit).toBe(1); // n3 is only known to hold index 1
    expect(net.appliedData('n3')).toEqual(['a', 'b']);
    expect(net.node('n3').status().commit).toBe(3);
  });

  it('Figure 7: every follower log is repaired to the leader log, with fast back-off', () => {
    const leaderTerms = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
    const followers: Record<string, number[]> = {
      a: [1, 1, 1, 4, 4, 5, 5, 6, 6],
      b: [1, 1, 1, 4],
      c: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
      d: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
      e: [1, 1, 1, 4, 4, 4, 4],
      f: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
    };
    const storage: Record<string, Partial<RaftStorageState>> = {
      L: { hardState: { term: 7, vote: null, commit: 0 }, entries: entriesWithTerms(leaderTerms) },
    };
    for (const [id, terms] of Object.entries(followers)) {
      storage[id] = { hardState: { term: 7, vote: null, commit: 0 }, entries: entriesWithTerms(terms) };
    }
    const net = new Network(['L', ...Object.keys(followers)], {
      config: { preVote: false, checkQuorum: false },
      storage,
    });
    net.campaign('L');
    expect(net.node('L').status()).toMatchObject({ role: 'leader', term: 8 });
    net.tickAll(3);
    const want = [...leaderTerms, 8];
    for (const id of ['L', ...Object.keys(followers)]) {
      const terms = net.node(id).entriesBetween(1, 100).map((e) => e.term);
      expect(terms, id).toEqual(want);
      expect(net.node(id).status().commit, id).toBe(11);
    }
    // findConflictByTerm on both sides: f's whole divergent tail costs one rejection.
    const rejects = net.delivered.filter((m) => m.type === 'MsgAppResp' && m.reject && m.from === 'f');
    expect(rejects.length).toBe(1);
  });
});

describe('§5.4.2: no commit of earlier-term entries by counting replicas (Figure 8)', () => {
  // s1 (term-2 leader) replicated 2@2 to s2 only; s5 (term-3 leader) holds 2@3 alone.
  // s1 wins term 4 and replicates 2@2 to s3: 2@2 is now on a majority but must not count.
  function figure8(bugs: string[]) {
    const t = (terms: number[]) => ({ hardState: { term: 3, vote: null, commit: 1 }, entries: entriesWithTerms(terms) });
    const net = new Network(ids5, {
      config: { preVote: false, checkQuorum: false, maxSizePerMsg: 1, bugs },
      storage: { n1: t([1, 2]), n2: t([1, 2]), n3: t([1]), n4: t([1]), n5: t([1, 3]) },
    });
    net.isolate('n5');
    // Let only the old entries through, so the term-4 entry reaches no one (Figure 8 (c)).
    net.filter = (m) => (m.type === 'MsgApp' ? { ...m, entries: m.entries.filter((e) => e.term < 4) } : m);
    net.campaign('n1');
    expect(net.node('n1').status()).toMatchObject({ role: 'leader', term: 4 });
    const phase1 = { n1Commit: net.node('n1').status().commit, n1Applied: net.appliedData('n1') };
    // s1 crashes; s5 returns and is elected: its log has 2@3, which is more up-to-date.
    net.filter = null;
    net.crash('n1');
    net.heal();
    net.campaign('n5'); // term 4: everyone already voted for s1 in term 4
    net.campaign('n5'); // term 5
    return { net, phase1 };
  }

  it('correct Raft: 2@2 stays uncommitted and is safely overwritten by s5', () => {
    const { net, phase1 } = figure8([]);
    expect(phase1.n1Commit).toBe(1);
    expect(phase1.n1Applied).toEqual(['e1t1']);
    expect(net.node('n5').status()).toMatchObject({ role: 'leader', term: 5 });
    for (const id of ['n2', 'n3', 'n4', 'n5']) {
      expect(net.node(id).entriesBetween(1, 10).map((e) => e.term), id).toEqual([1, 3, 5]);
      expect(net.node(id).status().commit, id).toBe(3);
    }
  });

  it("bug commit-old-term: 2@2 is committed by counting, then a leader without it is elected", () => {
    const { net, phase1 } = figure8(['commit-old-term']);
    expect(phase1.n1Commit).toBe(2);
    expect(phase1.n1Applied).toEqual(['e1t1', 'e2t2']);
    // Leader Completeness is broken: the term-5 leader lacks the committed entry 2@2.
    expect(net.node('n5').status()).toMatchObject({ role: 'leader', term: 5 });
    expect(net.node('n5').entriesBetween(2, 3)[0].term).toBe(3);
  });
});

describe('pre-vote (thesis §9.6)', () => {
  function partitionAndRejoin(preVote: boolean) {
    const net = new Network(ids3, { config: { preVote, checkQuorum: false } });
    net.campaign('n1');
    net.isolate('n3');
    net.propose('n1', 'while-away'); // n3's log falls behind
    for (let i = 0; i < 100; i++) net.tick('n3'); // n3 times out again and again
    const termWhileAway = net.node('n3').status().term;
    net.heal();
    net.tickAll(30);
    return { net, termWhileAway };
  }

  it('a rejoining partitioned node does not disrupt the leader with pre-vote', () => {
    const { net, termWhileAway } = partitionAndRejoin(true);
    expect(termWhileAway).toBe(1); // pre-candidates never bump their own term
    expect(net.leaders()).toEqual(['n1']);
    expect(net.node('n1').status().term).toBe(1);
    expect(net.node('n3').status()).toMatchObject({ term: 1, lead: 'n1', role: 'follower' });
  });

  it('without pre-vote it inflates its term and forces a new election', () => {
    const { net, termWhileAway } = partitionAndRejoin(false);
    expect(termWhileAway).toBeGreaterThan(3);
    const leader = net.leaders()[0];
    expect(net.node(leader).status().term).toBeGreaterThan(termWhileAway);
    expect(leader).not.toBe('n3'); // its log is behind (§5.4.1)
  });

  it('does not change the receiver term and replies with the proposed term', () => {
    const n = soloNode('n2', ids3);
    n.step(vote('MsgPreVote', 'n1', 'n2', 1));
    const msgs = drain(n);
    expect(msgs.map((m) => [m.type, m.term, m.reject])).toEqual([['MsgPreVoteResp', 1, false]]);
    expect(n.status().term).toBe(0);
    expect(n.status().vote).toBeNull();
  });
});

describe('check-quorum and the leader lease (thesis §6.2, §4.2.3)', () => {
  it('a leader cut off from the majority steps down after an election timeout', () => {
    const net = new Network(ids3);
    const l = net.electLeader();
    net.isolate(l);
    // The first check (after 10 ticks) still sees the followers' acks from before the cut;
    // the second finds no active quorum.
    for (let i = 0; i < 19; i++) net.tick(l);
    expect(net.node(l).status().role).toBe('leader');
    net.tick(l);
    expect(net.node(l).status()).toMatchObject({ role: 'follower', lead: null, term: 1 });
  });

  it('without check-quorum the cut-off leader keeps believing it leads', () => {
    const net = new Network(ids3, { config: { checkQuorum: false } });
    const l = net.electLeader();
    net.isolate(l);
    for (let i = 0; i < 50; i++) net.tick(l);
    expect(net.node(l).status().role).toBe('leader');
  });

  it('followers in the lease ignore a disruptive MsgVote (no term bump, no vote)', () => {
    const net = new Network(ids3, { config: { preVote: false, checkQuorum: true } });
    net.campaign('n1');
    net.tickAll(2);
    net.node('n3').campaign();
    net.stabilize();
    expect(net.node('n2').status()).toMatchObject({ term: 1, vote: 'n1', lead: 'n1' });
    expect(net.node('n1').status()).toMatchObject({ role: 'leader', term: 1 });
    expect(net.countDelivered('MsgVoteResp', 'n3')).toBe(0);
  });

  it('without the lease the same MsgVote deposes the leader', () => {
    const net = new Network(ids3, { config: { preVote: false, checkQuorum: false } });
    net.campaign('n1');
    net.tickAll(2);
    net.campaign('n3');
    expect(net.leaders()).toEqual(['n3']);
    expect(net.node('n1').status().term).toBe(2);
  });

  it('a stale leader learns the new term from an MsgAppResp and steps down', () => {
    const net = new Network(ids3);
    net.campaign('n1');
    net.isolate('n1');
    net.tickAll(30); // n2/n3 elect a new leader; n1 is isolated
    net.heal();
    const newLeader = net.leaders().find((id) => id !== 'n1')!;
    expect(newLeader).toBeDefined();
    net.tickAll(5);
    expect(net.leaders()).toEqual([newLeader]);
    expect(net.node('n1').status().lead).toBe(newLeader);
  });
});

describe('term handling and strangers', () => {
  it('ignores stale messages but answers a stale MsgApp/MsgHeartbeat and MsgPreVote with its term', () => {
    const n = soloNode('n2', ids3, {}, { hardState: { term: 5, vote: null, commit: 0 } });
    const app = newMessage('MsgApp', 'n1', 'n2', 3);
    n.step(app);
    n.step(vote('MsgVote', 'n3', 'n2', 4));
    n.step(vote('MsgPreVote', 'n3', 'n2', 4));
    expect(drain(n).map((m) => [m.type, m.to, m.term, m.reject])).toEqual([
      ['MsgAppResp', 'n1', 5, false],
      ['MsgPreVoteResp', 'n3', 5, true],
    ]);
    expect(n.status()).toMatchObject({ term: 5, vote: null, lead: null });
  });

  it('a higher-term MsgApp makes the receiver a follower of the sender at that term', () => {
    const n = soloNode('n2', ids3, {}, { hardState: { term: 2, vote: 'n3', commit: 0 } });
    n.step(newMessage('MsgHeartbeat', 'n1', 'n2', 4));
    expect(n.status()).toMatchObject({ term: 4, vote: null, lead: 'n1', role: 'follower' });
    const rd = n.ready();
    expect(rd.hardState).toEqual({ term: 4, vote: null, commit: 0 });
    expect(rd.softState).toEqual({ lead: 'n1', role: 'follower' });
  });

  it('drops responses from nodes outside the configuration and messages for someone else', () => {
    const net = new Network(ids3);
    net.campaign('n1');
    const n1 = net.node('n1');
    const stranger = newMessage('MsgAppResp', 'n9', 'n1', 99);
    n1.step(stranger);
    n1.step(newMessage('MsgHeartbeat', 'n2', 'n3', 99));
    expect(n1.status()).toMatchObject({ role: 'leader', term: 1 });
    expect(n1.hasReady()).toBe(false);
  });
});

describe('determinism and plain state', () => {
  function run(seed: number, net = new Network(ids5, { seed })) {
    const chaos = new Rng(seed, 'chaos');
    const elections: string[] = [];
    for (let round = 0; round < 300; round++) {
      if (round % 40 === 0) {
        net.heal();
        net.isolate(chaos.chance(0.7) && net.leaders().length > 0 ? net.leaders()[0] : chaos.pick(ids5));
      }
      if (round % 7 === 0) for (const l of net.leaders()) net.propose(l, `r${round}`);
      net.tickAll();
      for (const l of net.leaders()) {
        const tag = `${net.node(l).status().term}:${l}`;
        if (!elections.includes(tag)) elections.push(tag);
      }
    }
    return { net, elections };
  }

  it('the same seed gives the same sequence of elections and messages', () => {
    const a = run(5);
    const b = run(5);
    expect(a.elections.length).toBeGreaterThan(2);
    expect(a.elections).toEqual(b.elections);
    expect(JSON.stringify(a.net.delivered)).toBe(JSON.stringify(b.net.delivered));
    const c = run(6);
    expect(c.elections).not.toEqual(a.elections);
  });

  it('a deep clone (prototypes kept) continues identically', () => {
    const { net } = run(3);
    const copy = deepClone(net); // throws if any function is stored in the state
    expect(copy.node('n1')).toBeInstanceOf(RawNode);
    copy.delivered = [];
    net.delivered = [];
    const a = run(4, net);
    const b = run(4, copy);
    expect(b.elections).toEqual(a.elections);
    expect(JSON.stringify(b.net.delivered)).toBe(JSON.stringify(a.net.delivered));
    for (const id of ids5) expect(b.net.node(id).status()).toEqual(a.net.node(id).status());
  });
});
