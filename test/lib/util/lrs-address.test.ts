import { describe, expect, it } from 'vitest';
import { basicAuthorization, checkLrsEndpoint, credentialProblem } from '../../../src/lib/util/lrs-address.ts';

describe("an LRS's address", () => {
  it('is https anywhere, or http on this machine only, and ends in "/"', () => {
    expect(checkLrsEndpoint('https://lrs.example.org/xapi').url?.href).toBe('https://lrs.example.org/xapi/');
    for (const local of ['http://127.0.0.1:8080/xapi/', 'http://localhost/xapi/', 'http://[::1]:9/x/']) expect(checkLrsEndpoint(local).problem).toBeUndefined();
    for (const remote of ['http://192.0.2.2/xapi/', 'http://lrs.example.org/xapi/', 'http://127.0.0.1.example.org/', 'ftp://127.0.0.1/x', 'file:///etc/'])
      expect(checkLrsEndpoint(remote).problem, remote).toBe('not-https');
  });

  it('holds no credentials, query or fragment, and is an address at all', () => {
    expect(checkLrsEndpoint('https://u:p@lrs.example.org/xapi/').problem).toBe('credentials');
    expect(checkLrsEndpoint('http://u@192.0.2.2/').problem).toBe('credentials');
    expect(checkLrsEndpoint('https://lrs.example.org/xapi/?key=1').problem).toBe('query');
    expect(checkLrsEndpoint('https://lrs.example.org/xapi/#top').problem).toBe('query');
    expect(checkLrsEndpoint('lrs.example.org/xapi').problem).toBe('not-an-address');
  });
});

describe('LRS credentials', () => {
  it('go as UTF-8 in HTTP Basic (RFC 7617), as Node decodes them', () => {
    const header = basicAuthorization('clé', 's€cret');
    expect(Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8')).toBe('clé:s€cret');
    expect(basicAuthorization('key', 'secret')).toBe(`Basic ${btoa('key:secret')}`);
  });

  it('are refused when empty, with a control character, or with ":" in the key (where Basic cannot carry it)', () => {
    expect(credentialProblem('', false)).toBe('empty');
    expect(credentialProblem('a\nb', false)).toBe('control');
    expect(credentialProblem('a\u007fb', true)).toBe('control');
    expect(credentialProblem('a:b', true)).toBe('colon');
    expect(credentialProblem('a:b', false)).toBeNull();
    expect(credentialProblem('s€cret', false)).toBeNull();
  });
});
