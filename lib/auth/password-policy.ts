import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { AppError } from "@/lib/errors";

/**
 * What a password must be (GB/T 22239 level 3): at least MIN_LENGTH characters, and not guessable —
 * zxcvbn with the common-password dictionary (a maintained list, not one typed here) must score it
 * at least MIN_SCORE of 4, counting the user's own name and account as known words.
 */
export const MIN_LENGTH = 12;
const MIN_SCORE = 3;

let checker: ZxcvbnFactory | undefined;

export function checkNewPassword(password: string, userInputs: string[] = []): void {
  if ([...password].length < MIN_LENGTH) {
    throw AppError.invalid(`新密码至少 ${MIN_LENGTH} 个字符`, `the new password needs at least ${MIN_LENGTH} characters`);
  }
  if (password.length > 200) throw AppError.invalid("新密码过长（最多 200 个字符）", "the new password is too long (200 characters at most)");
  checker ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs, useLevenshteinDistance: true });
  const result = checker.check(password, userInputs);
  if (result.score < MIN_SCORE) {
    throw AppError.invalid(
      "新密码太容易被猜中（常见密码、键盘序列、重复或含有用户名）；请用几个不相关的词或更长的句子",
      "the new password is too easy to guess (a common password, a keyboard run, repetition, or your own name); use several unrelated words or a longer phrase",
    );
  }
}
