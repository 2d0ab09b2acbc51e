/**
 * Audits of model output that is not run as code. Today: the arithmetic in visual-path
 * reasoning (`auditArithmetic`).
 */
export {
  auditArithmetic,
  type ArithmeticAudit,
  type ArithmeticClaim,
  type AuditArithmeticOptions,
  type WrongClaim,
} from "./arithmetic.js";
