import type { Platform } from '../platform/platform.js';
import { CreateExercise } from '../capabilities/exercises/schema.js';
import { exercisesService } from '../capabilities/exercises/service.js';
import { demoActor } from './intel.js';

/**
 * A drafted exercise for the demo, so that the exercises page is not empty on first start: the FSA
 * prepares a ransomware drill for the two banks of its sector (an alert, an incident to report, an
 * advisory to acknowledge). It stays a draft: starting it (fsa@renkei.example) fires the injects
 * on their clock. Created through the exercises service, as the FSA's request would be.
 */
export async function seedDemoExercise(platform: Platform): Promise<void> {
  const [fsa, bank, shinkin] = await Promise.all(['fsa@renkei.example', 'bank@renkei.example', 'shinkin@renkei.example'].map((e) => demoActor(platform, e)));
  if (!fsa || !bank || !shinkin) return;
  await platform.transaction((trx) =>
    exercisesService(platform).create(fsa, trx, CreateExercise.parse({
      name: '金融分野ランサムウェア対応演習 (demo)',
      description: '勘定系の周辺システムがランサムウェアに感染した想定で、警報の受領確認、所管省庁への報告、脆弱性情報への対応までを 1 時間で通して確認する。',
      participants: [bank.orgId, shinkin.orgId],
      injects: [
        {
          offsetSeconds: 0,
          kind: 'alert',
          severity: 'Severe',
          headline: '【演習】金融機関を狙うランサムウェア攻撃の兆候',
          headlineEn: '[Exercise] Signs of ransomware attacks on financial institutions',
          description: '複数の金融機関の VPN 装置に対し、認証情報を試す通信が急増している。',
          instruction: '受領を確認し、VPN 装置のログを確認してください。',
        },
        {
          offsetSeconds: 900,
          kind: 'incident',
          severity: 'Extreme',
          headline: '【演習】ファイルサーバが暗号化された',
          headlineEn: '[Exercise] A file server has been encrypted',
          description: '営業店のファイルサーバで拡張子 .kurokumo のファイルが多数見つかった。勘定系への影響は調査中。',
          instruction: '所管省庁への初報として、被害の概要と影響を報告してください。',
        },
        {
          offsetSeconds: 2700,
          kind: 'advisory',
          severity: 'Severe',
          headline: '【演習】侵入に使われた VPN 装置の脆弱性',
          headlineEn: '[Exercise] The VPN vulnerability used to get in',
          description: '侵入経路は VPN 装置の既知の脆弱性と判明した。修正版が公開されている。',
          instruction: '自組織の該当機器の有無と対応予定を回答してください。',
        },
      ],
    }), 'ja'),
  );
}
