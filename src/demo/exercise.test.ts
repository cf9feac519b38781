import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../platform/testing/harness.js';
import { seedDemoExercise } from './exercise.js';

// The first start's drafted exercise (npm start): the FSA sees the whole scenario and may start it;
// the two banks see it without its injects (none has fired); other sectors do not see it.
describe('demo exercise', () => {
  let w: TestWorld;
  const get = async (email: string, url: string) => w.as(await w.login(email), { method: 'GET', url });
  const names = async (email: string) => ((await get(email, '/api/exercises')).json().items as { name: string }[]).map((e) => e.name);

  beforeAll(async () => {
    w = await startTestWorld();
    await seedDemoExercise(w.platform);
  });
  afterAll(() => w.close());

  it('is the FSA’s draft for the banks of its sector', async () => {
    const name = '金融分野ランサムウェア対応演習 (demo)';
    expect(await names('fsa@renkei.example')).toEqual([name]);
    expect(await names('bank@renkei.example')).toEqual([name]);
    expect(await names('shinkin@renkei.example')).toEqual([name]);
    expect(await names('power@renkei.example')).toEqual([]);
    const [id] = ((await get('fsa@renkei.example', '/api/exercises')).json().items as { id: string }[]).map((e) => e.id);
    const organiser = (await get('fsa@renkei.example', `/api/exercises/${id}`)).json();
    expect(organiser.state).toBe('draft');
    expect(organiser.abilities.start).toBe(true);
    expect((organiser.injects as { kind: string }[]).map((i) => i.kind)).toEqual(['alert', 'incident', 'advisory']);
    const participant = (await get('bank@renkei.example', `/api/exercises/${id}`)).json();
    expect(participant.injects).toEqual([]);
    expect(participant.abilities.start).toBe(false);
  });
});
