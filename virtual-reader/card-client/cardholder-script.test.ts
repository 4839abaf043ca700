import { describe, expect, it } from 'vitest';
import { createPrompt } from '../reader/cardholder.js';
import { createManualTimer } from '../reader/timer.js';
import { testCardRecord } from '../test-support.js';
import { createScriptCardholder, describeStep, parseCardholderSteps, wrongValue } from './cardholder-script.js';

const context = (onRemove = (): void => undefined): { signal: AbortSignal; removeCard(): void } => ({ signal: new AbortController().signal, removeCard: onRemove });
const prompt = (kind: Parameters<typeof createPrompt>[0]) => createPrompt(kind, { where: 'host' });

describe('cardholder scripts', () => {
  it('parse every step kind and refuse bad ones without echoing values', () => {
    expect(
      parseCardholderSteps([{ pin: '123456' }, { can: '482915' }, { puk: '12345678' }, { activationPin: '13579' }, { newPin: '246810' }, { newPinRepeat: '246810' }, { wrongPin: true }, { cancel: true }, { removeCard: true }, { waitSeconds: 2.5 }]),
    ).toEqual([
      { type: 'enter', kind: 'pin', value: '123456' },
      { type: 'enter', kind: 'can', value: '482915' },
      { type: 'enter', kind: 'puk', value: '12345678' },
      { type: 'enter', kind: 'activation-pin', value: '13579' },
      { type: 'enter', kind: 'new-pin', value: '246810' },
      { type: 'enter', kind: 'new-pin-repeat', value: '246810' },
      { type: 'wrong', kind: 'pin' },
      { type: 'cancel' },
      { type: 'remove' },
      { type: 'wait', seconds: 2.5 },
    ]);
    expect(() => parseCardholderSteps({})).toThrow(expect.objectContaining({ code: 'CARDHOLDER_SCRIPT_INVALID' }));
    expect(() => parseCardholderSteps([{ pin: 123456 }])).toThrow(/step 0: `pin` must be a string of digits/);
    expect(() => parseCardholderSteps([{ pin: 'abc' }])).not.toThrow(/abc/);
    expect(() => parseCardholderSteps([{ pin: '1', can: '2' }])).toThrow(/step 0: it has 2 keys/);
    expect(() => parseCardholderSteps([{ enter: '1' }])).toThrow(/`enter` is not a step/);
    expect(() => parseCardholderSteps([{ waitSeconds: -1 }])).toThrow(/waitSeconds/);
    expect(describeStep({ type: 'enter', kind: 'new-pin', value: '246810' })).toEqual({ newPin: '***' });
  });

  it('answers the prompt each step is for; a CAN prompt without a CAN ready is CAN_REQUIRED', async () => {
    const card = testCardRecord({ pin: '246810', pinState: 'active' });
    const ch = createScriptCardholder(parseCardholderSteps([{ wrongPin: true }, { pin: '246810' }]), { secrets: () => card });
    expect(await ch.ask(prompt('pin'), context())).toEqual({ type: 'enter', value: '357921' });
    await expect(ch.ask(prompt('can'), context())).rejects.toMatchObject({ code: 'CAN_REQUIRED' });
    expect(ch.remaining()).toHaveLength(1); // the PIN step was not used up
    await expect(ch.ask(prompt('puk'), context())).rejects.toMatchObject({ code: 'CARDHOLDER_SCRIPT_MISMATCH' });
    expect(await ch.ask(prompt('pin'), context())).toEqual({ type: 'enter', value: '246810' });
    await expect(ch.ask(prompt('pin'), context())).rejects.toMatchObject({ code: 'CARDHOLDER_SCRIPT_EXHAUSTED', status: 409 });
    await expect(ch.ask(prompt('can'), context())).rejects.toMatchObject({ code: 'CAN_REQUIRED' });
    expect(wrongValue('13579')).toBe('24680');
  });

  it('cancels, pulls the card, and waits on the timer', async () => {
    const timer = createManualTimer();
    let removed = 0;
    const ch = createScriptCardholder(parseCardholderSteps([{ cancel: true }, { removeCard: true }, { waitSeconds: 5 }, { can: '111111' }]), { timer, secrets: () => undefined });
    expect(await ch.ask(prompt('pin'), context())).toEqual({ type: 'cancel' });
    expect(await ch.ask(prompt('pin'), context(() => removed++))).toEqual({ type: 'removed' });
    expect(removed).toBe(1);
    let answer: unknown;
    void ch.ask(prompt('can'), context()).then((a) => (answer = a));
    await timer.advance(4_999);
    expect(answer).toBeUndefined();
    await timer.advance(1);
    expect(answer).toEqual({ type: 'enter', value: '111111' });
  });
});
