/** Typed URL builders for the users pages, so links and routes cannot drift apart. */
export const userPaths = {
  list: () => '/admin/users',
  new: () => '/admin/users/new',
  show: (userId: string) => `/admin/users/${userId}`,
  edit: (userId: string) => `/admin/users/${userId}/edit`,
  action: (userId: string, action: 'disable' | 'enable' | 'reset-second-factor' | 'reset-password') => `/admin/users/${userId}/${action}`,
}
