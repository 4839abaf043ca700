import { describe, expect, it } from 'vitest';
import { CardRemoved, PinCancelled, PromptTimeout } from '../errors.js';
import { askCardholder } from './ask-cardholder.js';
import { createPrompt, PROMPT_LABELS } from './cardholder.js';
import { createInteractiveCardholder } from './interactive-cardholder.js';
import { createScriptedCardholder, ScriptError } from './scripted-cardholder.js';
import { createManualTimer, sleep } from './timer.js';

function harness() {
  const timer = createManualTimer();
  const removal = new AbortController();
  let removed = 0;
  const removeCard = (): void => {
    removed += 1;
    removal.abort(new Error('removed'));
  };
  return { timer, removal, removeCard, removed: () => removed };
}

describe('prompts', () => {
  it('carry the Hungarian labels of the PIN-pad display', () => {
    expect(PROMPT_LABELS).toEqual({
      pin: 'eAzonosítás PIN',
      can: 'CAN',
      puk: 'PUK',
      'new-pin': 'Új eAzonosítás PIN',
      'new-pin-repeat': 'Új eAzonosítás PIN újra',
      'activation-pin': 'Aktiváló PIN',
    });
    const a = createPrompt('pin', { where: 'pin-pad', reader: 'R', triesLeft: 2 });
    const b = createPrompt('can', { where: 'host' });
    expect(a).toMatchObject({ kind: 'pin', label: 'eAzonosítás PIN', where: 'pin-pad', reader: 'R', triesLeft: 2 });
    expect(b.id).toBeGreaterThan(a.id);
    expect('triesLeft' in b).toBe(false);
  });
});

describe('scripted cardholder', () => {
  it('answers prompts in order, waiting on the injectable timer', async () => {
    const h = harness();
    const cardholder = createScriptedCardholder([{ expect: 'can', enter: '482916' }, { wait: 5_000 }, { enter: '246810' }], { timer: h.timer });
    const ask = (kind: 'pin' | 'can'): Promise<string> =>
      askCardholder({ cardholder, prompt: createPrompt(kind, { where: 'host' }), timer: h.timer, timeoutMs: 60_000, removal: h.removal.signal, removeCard: h.removeCard });
    expect(await ask('can')).toBe('482916');
    let pin: string | undefined;
    void ask('pin').then((v) => (pin = v));
    await h.timer.advance(4_999);
    expect(pin).toBeUndefined();
    await h.timer.advance(1);
    expect(pin).toBe('246810');
    expect(cardholder.seen.map((p) => p.label)).toEqual(['CAN', 'eAzonosítás PIN']);
    expect(cardholder.remaining()).toBe(0);
    expect(h.timer.pending()).toBe(0);
  });

  it('cancel → PIN_CANCELLED, remove → CARD_REMOVED (and the card is pulled), long wait → TIMEOUT', async () => {
    const h = harness();
    const cardholder = createScriptedCardholder([{ cancel: true }, { wait: 61_000 }, { enter: 'late' }, { remove: true }], { timer: h.timer });
    const ask = (): Promise<string> =>
      askCardholder({ cardholder, prompt: createPrompt('pin', { where: 'pin-pad' }), timer: h.timer, timeoutMs: 60_000, removal: h.removal.signal, removeCard: h.removeCard });
    await expect(ask()).rejects.toMatchObject({ code: 'PIN_CANCELLED' });
    const timedOut = ask();
    const check = expect(timedOut).rejects.toBeInstanceOf(PromptTimeout);
    await h.timer.advance(60_000);
    await check;
    // The aborted wait stopped the script there: the next step is the 'late' entry.
    expect(cardholder.remaining()).toBe(2);
    expect(await ask()).toBe('late');
    await expect(ask()).rejects.toBeInstanceOf(CardRemoved);
    expect(h.removed()).toBe(1);
    await expect(ask()).rejects.toBeInstanceOf(CardRemoved); // the card is gone
  });

  it('fails loudly when the script runs out or expects another prompt', async () => {
    const h = harness();
    const ask = (steps: Parameters<typeof createScriptedCardholder>[0]): Promise<string> =>
      askCardholder({
        cardholder: createScriptedCardholder(steps, { timer: h.timer }),
        prompt: createPrompt('puk', { where: 'host' }),
        timer: h.timer,
        timeoutMs: 60_000,
        removal: h.removal.signal,
        removeCard: h.removeCard,
      });
    await expect(ask([])).rejects.toBeInstanceOf(ScriptError);
    await expect(ask([{ expect: 'pin', enter: '1' }])).rejects.toThrow(/expected a "pin" prompt, but "puk"/);
  });
});

describe('interactive cardholder', () => {
  it('queues prompts until a person answers them through the API', async () => {
    const h = harness();
    const cardholder = createInteractiveCardholder();
    const events: string[] = [];
    cardholder.on('prompt', (p) => events.push(`open ${p.kind}`));
    cardholder.on('closed', (p, how) => events.push(`${how} ${p.kind}`));
    expect(cardholder.pendingPrompt()).toBeUndefined();
    const waiting = cardholder.nextPrompt();
    const answer = askCardholder({ cardholder, prompt: createPrompt('pin', { where: 'host' }), timer: h.timer, timeoutMs: 60_000, removal: h.removal.signal, removeCard: h.removeCard });
    const prompt = await waiting;
    expect(prompt).toMatchObject({ kind: 'pin', label: 'eAzonosítás PIN' });
    expect(cardholder.pendingPrompts()).toEqual([prompt]);
    cardholder.answer(prompt, '246810');
    expect(await answer).toBe('246810');
    expect(cardholder.pendingPrompt()).toBeUndefined();
    expect(() => cardholder.answer(prompt, '1')).toThrow(expect.objectContaining({ code: 'PROMPT_NOT_PENDING' }));

    const cancelled = askCardholder({ cardholder, prompt: createPrompt('can', { where: 'host' }), timer: h.timer, timeoutMs: 60_000, removal: h.removal.signal, removeCard: h.removeCard });
    cardholder.cancel((await cardholder.nextPrompt()).id);
    await expect(cancelled).rejects.toBeInstanceOf(PinCancelled);
    expect(events).toEqual(['open pin', 'answered pin', 'open can', 'cancelled can']);
  });

  it('closes prompts that time out or whose card is removed', async () => {
    const h = harness();
    const cardholder = createInteractiveCardholder();
    const closed: string[] = [];
    cardholder.on('closed', (p, how) => closed.push(`${how} ${p.kind}`));
    const timedOut = askCardholder({ cardholder, prompt: createPrompt('pin', { where: 'host' }), timer: h.timer, timeoutMs: 30_000, removal: h.removal.signal, removeCard: h.removeCard });
    const check = expect(timedOut).rejects.toMatchObject({ code: 'TIMEOUT' });
    await h.timer.advance(30_000);
    await check;
    expect(cardholder.pendingPrompt()).toBeUndefined();

    const removed = askCardholder({ cardholder, prompt: createPrompt('puk', { where: 'host' }), timer: h.timer, timeoutMs: 30_000, removal: h.removal.signal, removeCard: h.removeCard });
    cardholder.removeCard(await cardholder.nextPrompt());
    await expect(removed).rejects.toBeInstanceOf(CardRemoved);
    expect(h.removed()).toBe(1);
    expect(closed).toEqual(['aborted pin', 'removed puk']);
  });

  it('nextPrompt can be given up with a signal', async () => {
    const cardholder = createInteractiveCardholder();
    const stop = new AbortController();
    const waiting = cardholder.nextPrompt({ signal: stop.signal });
    stop.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
  });
});

describe('manual timer', () => {
  it('fires due callbacks in order and lets sleeps be aborted', async () => {
    const timer = createManualTimer(1_000);
    const order: number[] = [];
    void sleep(timer, 30).then(() => order.push(30));
    void sleep(timer, 10).then(() => order.push(10));
    const stop = new AbortController();
    const aborted = sleep(timer, 20, stop.signal);
    stop.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    await timer.advance(50);
    expect(order).toEqual([10, 30]);
    expect(timer.now()).toBe(1_050);
  });
});
