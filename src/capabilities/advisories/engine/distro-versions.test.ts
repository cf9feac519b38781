import { describe, expect, it } from 'vitest';
import { compareDeb, compareRpm, dpkgVerrevcmp, parseEvr, rpmvercmp } from './distro-versions.js';
import { compareVersions } from './versions.js';

describe('rpm and deb', () => {
  it('splits epoch:version-release', () => {
    expect(parseEvr('0:8.7p1-38.el9_4.1')).toEqual({ epoch: 0, version: '8.7p1', release: '38.el9_4.1' });
    expect(parseEvr('2.30')).toEqual({ epoch: 0, version: '2.30', release: null });
    expect(parseEvr('1:2.0-')).toBeNull();
  });
  it('implements rpmvercmp', () => {
    expect(compareRpm('1.0', '1.0')).toBe(0);
    expect(compareRpm('1.0', '2.0')).toBe(-1);
    expect(compareRpm('2.0.1', '2.0')).toBe(1);
    expect(compareRpm('1.0a', '1.0')).toBe(1);
    expect(compareRpm('1.0~rc1', '1.0')).toBe(-1);
    expect(compareRpm('1.0^git1', '1.0')).toBe(1);
    expect(compareRpm('1.0^', '1.0~')).toBe(1);
    expect(compareRpm('5.5p1', '5.5p10')).toBe(-1);
    expect(compareRpm('10abc', '10.1abc')).toBe(-1);
    expect(compareRpm('1:1.0', '2.0')).toBe(1);
    expect(compareRpm('8.7p1-38.el9_4.1', '0:8.7p1-38.el9_4.1')).toBe(0);
    expect(compareRpm('8.7p1-38.el9', '8.7p1-38.el9_4.1')).toBe(-1);
    expect(compareRpm('8.7p1', '8.7p1-38.el9_4.1')).toBe(0);
  });
  it('orders raw upstream strings like the reference tools', () => {
    expect(rpmvercmp('1.0010', '1.9')).toBe(1);
    expect(rpmvercmp('1.05', '1.5')).toBe(0);
    expect(rpmvercmp('fc4', 'fc.4')).toBe(0);
    expect(rpmvercmp('1.0~rc1', '1.0~rc2')).toBe(-1);
    expect(dpkgVerrevcmp('1.0~~', '1.0~')).toBe(-1);
    expect(dpkgVerrevcmp('1.0', '1.0.0')).toBe(-1);
    expect(dpkgVerrevcmp('2.30', '2.30')).toBe(0);
  });

  it('implements dpkg ordering with ~ before everything', () => {
    expect(compareDeb('1.0~rc1-1', '1.0-1')).toBe(-1);
    expect(compareDeb('1.0-1', '1.0-1+deb12u1')).toBe(-1);
    expect(compareDeb('1:0.9', '2.0')).toBe(1);
    expect(compareDeb('7.88.1-10+deb12u5', '7.88.1-10+deb12u12')).toBe(-1);
    expect(compareDeb('1.0a', '1.0+')).toBe(-1);
    expect(compareVersions('1.0~rc1-1', '1.0-1', 'deb')).toBe(-1);
  });
});

