# t24-roles.sh — the access matrix, enumerated: for every role and every entity, list (read)
# and add (write) are allowed exactly where `gvi roles` says, and refused elsewhere.
. "$(dirname "$0")/lib.sh"
make_repo r.db
declare -A user_of=([admin]=admin [coordinator]=anna [police_analyst]=pia [social_services]=sam
                    [probation]=pro [community_partner]=kim [evaluator]=eva)
expect_ok "gvi roles" -- --csv roles
echo "$out" | tr -d '\r' | tail -n +2 > matrix.csv
expect_eq "$(wc -l < matrix.csv)" "196" "7 roles x 28 entities"
while IFS=, read -r role entity read write; do
  u=${user_of[$role]}
  run --user "$u" "$entity" list
  if [ "$read" = "1" ]; then
    [ "$rc" -eq 0 ] && ok "$role may read $entity" || notok "$role may read $entity (exit $rc: $errout)"
  else
    [ "$rc" -eq 1 ] && [[ "$errout" == *refused* ]] && ok "$role may not read $entity" || notok "$role may not read $entity (exit $rc)"
  fi
  run --user "$u" "$entity" add
  if [ "$write" = "1" ]; then
    [[ "$errout" != *refused* ]] && [[ "$errout" == *required* || "$errout" == *basis* ]] && ok "$role may write $entity" || notok "$role may write $entity ($errout)"
  else
    [ "$rc" -eq 1 ] && [[ "$errout" == *refused* ]] && ok "$role may not write $entity" || notok "$role may not write $entity (exit $rc: $errout)"
  fi
done < matrix.csv
# spot checks against the policy as documented
expect_eq "$(grep -c '^admin,person,0,0' matrix.csv)" "1" "admin sees no personal data"
expect_eq "$(grep -c '^community_partner,person,0,0' matrix.csv)" "1" "community partner sees no persons"
expect_eq "$(grep -c '^evaluator,involvement,0,0' matrix.csv)" "1" "evaluator sees no personal records"
expect_eq "$(grep -c '^police_analyst,referral,1,0' matrix.csv)" "1" "police read referrals only as disclosed to them (row rule, t32), never write them"
expect_eq "$(grep -c '^social_services,referral,1,1' matrix.csv)" "1" "social services own referrals"
expect_eq "$(grep -c '^probation,invitation,1,1' matrix.csv)" "1" "probation records call-in invitations"
# a disabled user can do nothing
$GVI --user admin user edit pia --disabled yes >/dev/null
expect_fail 1 "a disabled user is refused" -- --user pia person list
expect_match "$errout" "disabled" "the refusal says the user is disabled"
